// One intake report with every field of the contract set and valid, for tests that break it one field at a time.
export const VALID_REPORT = {
  id: 'r1',
  receivedAt: '2026-01-08T09:49:40+08:00',
  text: '小区电梯坏了',
  district: 'wuhou',
  topic: 'property',
  callerId: 'c1',
  channel: 'hotline',
  location: { address: '玉林北路', lat: 30.6, lon: 104.05 },
};
