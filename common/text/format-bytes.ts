// Sizes for people, in powers of 1024: one rounding rule for every screen, CLI line and
// stored message, with only the unit names differing between them. Pure: the renderer,
// the core and the CLI all import it.

/** How a size is spelled. Without `giga`, megabytes are the largest unit ("2048 MB"). */
export interface ByteUnits {
  /** Below 1024: whole bytes ("B", "字节"). */
  readonly byte: string;
  /** Whole kilobytes, rounded. */
  readonly kilo: string;
  /** One decimal. */
  readonly mega: string;
  /** Two decimals, from 1024 MiB on. */
  readonly giga?: string;
  /** "5 MB" rather than "5.0 MB": for short labels beside a file name. */
  readonly trimZero?: boolean;
}

/** IEC units, for backups and disks, where sizes grow to gigabytes: "2 KiB", "5.0 MiB", "1.25 GiB". */
export const IEC_UNITS: ByteUnits = { byte: 'B', kilo: 'KiB', mega: 'MiB', giga: 'GiB' };

/** The backup history's wording (Chinese, stored in messages): "512 字节", "5.0 MiB". */
export const IEC_UNITS_ZH: ByteUnits = { ...IEC_UNITS, byte: '字节' };

/** Short units for a file a clerk picks (certificates, imports; never gigabytes): "12 KB", "1.5 MB". */
export const FILE_SIZE_UNITS: ByteUnits = { byte: 'B', kilo: 'KB', mega: 'MB', trimZero: true };

export function formatBytes(n: number, units: ByteUnits = IEC_UNITS): string {
  if (units.giga !== undefined && n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} ${units.giga}`;
  if (n >= 1024 ** 2) {
    const mega = (n / 1024 ** 2).toFixed(1);
    return `${units.trimZero ? mega.replace(/\.0$/, '') : mega} ${units.mega}`;
  }
  if (n >= 1024) return `${Math.round(n / 1024)} ${units.kilo}`;
  return `${n} ${units.byte}`;
}
