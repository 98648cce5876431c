// Names that contain a district alias but settle no district (天府大道 crosses four), per city profile code.
// The gazetteer matches them like any name and then ignores them, so 天府大道 never reads as 天府新区.

const NEUTRAL: Record<string, readonly string[]> = {
  chengdu: [
    '天府大道',
    '天府通',
    '天府市民云',
    '天府之国',
    '天府软件',
    '天府蓝',
    '天府立交',
    '锦江河',
    '锦江边',
    '锦江绿道',
    '高新技术',
    '东部地区',
    '东部战区',
    '金牛座',
  ],
};

/** The neutral names of a profile; an unknown city has none. */
export function neutralNames(profileCode: string): readonly string[] {
  return NEUTRAL[profileCode] ?? [];
}
