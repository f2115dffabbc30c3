import { LOOKUP_MODES, type LookupMode } from '../shared/settings.ts';
import { t } from './i18n.ts';

/** The same words for the same choice on the first-run page and in the settings. */
const MODE_KEYS: Record<LookupMode, { label: string; detail: string }> = {
  auto: { label: 'welcomeModeAuto', detail: 'welcomeModeAutoDetail' },
  click: { label: 'welcomeModeClick', detail: 'welcomeModeClickDetail' },
  watchlist: { label: 'welcomeModeWatchlist', detail: 'welcomeModeWatchlistDetail' },
};

/** The lookup-mode radio buttons: what each mode sends, said next to it. */
export function LookupModeChoices({
  value,
  onChange,
  labelClass,
}: {
  value: LookupMode;
  onChange: (mode: LookupMode) => void;
  labelClass: string;
}) {
  return (
    <>
      {LOOKUP_MODES.map((mode) => (
        <label key={mode} class={labelClass}>
          <input
            type="radio"
            name="lookupMode"
            value={mode}
            checked={value === mode}
            onChange={() => onChange(mode)}
          />
          <span>
            <strong>{t(MODE_KEYS[mode].label)}</strong>
            <small class="muted">{t(MODE_KEYS[mode].detail)}</small>
          </span>
        </label>
      ))}
    </>
  );
}
