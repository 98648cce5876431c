// What the morning report prints for codes: the profile's Chinese district and topic names, channels as people
// call them; an unknown code is printed as it is, an unsettled one as 未识别 (a district: 未定位, as everywhere).
import type { Profile } from '../profile/city-profile.ts';

const CHANNELS: Record<string, string> = {
  hotline: '12345热线',
  mailbox: '市长信箱',
  web: '网站',
  app: '移动客户端',
  wechat: '微信',
  weibo: '微博',
  sms: '短信',
};

export interface ReportNames {
  district(code: string | null): string;
  /** A district alert's topics together (null) read 各类诉求. */
  topic(code: string | null): string;
  channel(code: string): string;
  /** 锦江区·噪音扰民, 全市·噪音扰民 for a citywide cell, 锦江区·各类诉求 for a district alert. */
  cell(district: string | null, topic: string | null): string;
}

export function reportNames(profile: Profile): ReportNames {
  const known = (code: string, name: string | undefined) => (code === 'unknown' ? '未识别' : (name ?? code));
  const names: ReportNames = {
    district: (code) => profile.districtName(code),
    topic: (code) => (code === null ? '各类诉求' : known(code, profile.topic(code)?.name)),
    channel: (code) => known(code, CHANNELS[code]),
    cell: (district, topic) => `${names.district(district)}·${names.topic(topic)}`,
  };
  return names;
}
