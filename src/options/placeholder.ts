const title = document.getElementById('title');
if (title) title.textContent = chrome.i18n.getMessage('extName');
