// The readable table behind place extraction: which endings make a place (小区, 路, 厂…), and the words that
// only look like one (道路, 广场舞, 市场监管) so they are skipped.

export type PlaceKind =
  | 'community'
  | 'road'
  | 'station'
  | 'school'
  | 'hospital'
  | 'company'
  | 'shop'
  | 'market'
  | 'site'
  | 'office'
  | 'park';

export interface PlaceSuffix {
  readonly kind: PlaceKind;
  /** Characters that, right after the suffix, show it is part of another word (小学 + 生 = 小学生). */
  readonly notBefore?: string;
  /** Words ending in the suffix that are not places (道路, 马路). */
  readonly notWords?: readonly string[];
  /** The suffix alone names a place (人民医院: each district has one). */
  readonly bare?: boolean;
}

const ROAD_WORDS = [
  '道路',
  '马路',
  '公路',
  '铁路',
  '线路',
  '走路',
  '一路',
  '网路',
  '思路',
  '出路',
  '过路',
  '带路',
  '让路',
  '迷路',
  '上路',
  '赶路',
  '水路',
  '电路',
  '管路',
  '套路',
  '退路',
  '小路',
  '大路',
  '山路',
  '土路',
  '岔路',
  '支路',
  '主路',
  '辅路',
  '近路',
  '远路',
  '半路',
  '修路',
  '找路',
  '问路',
  '进路',
  '后路',
  '环路',
  '堵路',
  '挡路',
  '占路',
];

const table: Record<string, PlaceSuffix> = {
  小区: { kind: 'community' },
  安置小区: { kind: 'community' },
  花园: { kind: 'community' },
  家园: { kind: 'community' },
  公馆: { kind: 'community' },
  雅居: { kind: 'community' },
  新城: { kind: 'community' },
  华府: { kind: 'community' },
  苑: { kind: 'community' },
  新村: { kind: 'community' },
  公寓: { kind: 'community' },
  大厦: { kind: 'community' },
  嘉园: { kind: 'community' },
  华庭: { kind: 'community' },
  名城: { kind: 'community' },
  广场: { kind: 'community', notBefore: '舞' },
  一期: { kind: 'community' },
  二期: { kind: 'community' },
  三期: { kind: 'community' },
  四期: { kind: 'community' },
  路: { kind: 'road', notBefore: '灯面线费况程径由人边', notWords: ROAD_WORDS },
  大道: { kind: 'road', notBefore: '理' },
  大街: { kind: 'road', notWords: ['满大街'] },
  街: {
    kind: 'road',
    notBefore: '道坊头边上',
    notWords: ['上街', '逛街', '满街', '条街', '步行街', '美食街', '小吃街', '酒吧街', '商业街'],
  },
  巷: { kind: 'road', notBefore: '子道', notWords: ['小巷', '街巷'] },
  地铁站: { kind: 'station' },
  公交站: { kind: 'station', notBefore: '台' },
  公交总站: { kind: 'station' },
  客运站: { kind: 'station' },
  汽车站: { kind: 'station' },
  小学: { kind: 'school', notBefore: '生' },
  中学: { kind: 'school', notBefore: '生' },
  大学: { kind: 'school', notBefore: '生城' },
  学校: { kind: 'school' },
  实验学校: { kind: 'school' },
  外国语学校: { kind: 'school' },
  培训学校: { kind: 'school' },
  幼儿园: { kind: 'school' },
  学院: { kind: 'school' },
  医院: { kind: 'hospital' },
  人民医院: { kind: 'hospital', bare: true },
  中医医院: { kind: 'hospital', bare: true },
  妇幼保健院: { kind: 'hospital', bare: true },
  社区卫生服务中心: { kind: 'hospital' },
  卫生服务中心: { kind: 'hospital' },
  卫生院: { kind: 'hospital' },
  诊所: { kind: 'hospital' },
  公司: {
    kind: 'company',
    notWords: [
      '物业公司',
      '燃气公司',
      '供水公司',
      '供电公司',
      '自来水公司',
      '热力公司',
      '供热公司',
      '开发公司',
      '房地产公司',
      '快递公司',
      '电信公司',
      '保险公司',
      '这公司',
      '大公司',
      '小公司',
      '总公司',
      '分公司',
      '家公司',
      '开公司',
    ],
  },
  有限公司: { kind: 'company' },
  厂: { kind: 'company', notBefore: '家房长里商区' },
  工厂: { kind: 'company', notBefore: '里' },
  超市: { kind: 'shop' },
  商场: { kind: 'shop' },
  酒吧: { kind: 'shop', notBefore: '街' },
  餐厅: { kind: 'shop' },
  饭店: { kind: 'shop' },
  酒店: { kind: 'shop' },
  宾馆: { kind: 'shop' },
  网吧: { kind: 'shop' },
  健身房: { kind: 'shop' },
  美容院: { kind: 'shop' },
  药房: { kind: 'shop' },
  药店: { kind: 'shop' },
  家具城: { kind: 'shop' },
  '4S店': { kind: 'shop' },
  火锅店: { kind: 'shop' },
  烧烤店: { kind: 'shop' },
  便利店: { kind: 'shop' },
  手机店: { kind: 'shop' },
  服装店: { kind: 'shop' },
  奶茶店: { kind: 'shop' },
  理发店: { kind: 'shop' },
  眼镜店: { kind: 'shop' },
  专卖店: { kind: 'shop' },
  门店: { kind: 'shop' },
  美容店: { kind: 'shop' },
  市场: { kind: 'market', notBefore: '监价化' },
  农贸市场: { kind: 'market' },
  菜市场: { kind: 'market' },
  批发市场: { kind: 'market' },
  集贸市场: { kind: 'market' },
  夜市: { kind: 'market' },
  工地: { kind: 'site' },
  项目工地: { kind: 'site' },
  建筑工地: { kind: 'site' },
  搅拌站: { kind: 'site' },
  混凝土搅拌站: { kind: 'site' },
  沥青搅拌站: { kind: 'site' },
  变电站: { kind: 'site' },
  垃圾站: { kind: 'site' },
  垃圾中转站: { kind: 'site' },
  中转站: { kind: 'site' },
  转运站: { kind: 'site' },
  加油站: { kind: 'site' },
  加气站: { kind: 'site' },
  充电站: { kind: 'site' },
  基站: { kind: 'site' },
  信号塔: { kind: 'site' },
  污水处理厂: { kind: 'site' },
  垃圾焚烧厂: { kind: 'site' },
  养殖场: { kind: 'site' },
  养猪场: { kind: 'site' },
  屠宰场: { kind: 'site' },
  砂石场: { kind: 'site' },
  采石场: { kind: 'site' },
  石场: { kind: 'site' },
  料场: { kind: 'site' },
  废品站: { kind: 'site' },
  废品收购站: { kind: 'site' },
  洗车场: { kind: 'site' },
  停车场: { kind: 'site' },
  排污口: { kind: 'site' },
  大排档: { kind: 'shop' },
  农家乐: { kind: 'shop' },
  歌厅: { kind: 'shop' },
  KTV: { kind: 'shop' },
  夜宵店: { kind: 'shop' },
  施工段: { kind: 'site' },
  工程: { kind: 'site', notBefore: '师款质队车' },
  便民服务中心: { kind: 'office', bare: true },
  政务服务中心: { kind: 'office', bare: true },
  服务大厅: { kind: 'office' },
  服务窗口: { kind: 'office' },
  派出所: { kind: 'office' },
  服务站: { kind: 'office' },
  社区服务站: { kind: 'office' },
  服务中心: { kind: 'office' },
  公园: { kind: 'park' },
  湿地公园: { kind: 'park' },
  绿道: { kind: 'park' },
  河段: { kind: 'park' },
};

export const PLACE_SUFFIXES: ReadonlyMap<string, PlaceSuffix> = new Map(Object.entries(table));

/** Characters that end the name to the left of a suffix: punctuation, function words, pronouns. */
export const NAME_STOPS =
  '，。、；：！？,.;:!?（）()【】[]“”"\'《》 \t\n的在住是了我你他她们这那与及或到从向对给把被让为于个边旁附近某该此各有就也还很太说反映请位所处条去来过经常着座间问题投诉关市县';

/** Words at the start of a name that only point at it (一家, 某): stripped when a name of 2+ characters is left. */
export const DETERMINERS = ['一家', '一个', '一所', '一处', '一座', '一栋', '一条', '一片', '一', '某'];

/** Words at the start of a name that say when or roughly where (昨天晚上, 附近): always stripped. */
export const TIME_WORDS = [
  '一直以来',
  '这几天',
  '这两天',
  '这段时间',
  '最近',
  '刚才',
  '刚刚',
  '昨天',
  '今天',
  '前天',
  '前几天',
  '这个月',
  '上个月',
  '这周',
  '上周',
  '本周',
  '晚上',
  '早上',
  '上午',
  '下午',
  '中午',
  '凌晨',
  '半夜',
  '夜里',
  '每天',
  '经常',
  '附近',
  '一周',
  '两周',
  '开始',
  '本月',
  '今年',
  '去年',
  '近期',
  '近日',
  '目前',
  '现在',
  '一直',
  '好几天',
  '几天',
  '这一周',
];

/**
 * Verbs and openers a letter starts with before the place (举报鑫达搅拌站, 强烈要求…): always stripped, so the place
 * key is the place's own name. Single characters that end a name (反, 投, 关, 住…) are in NAME_STOPS instead.
 */
export const LEADING_VERBS = [
  '实名举报',
  '举报',
  '检举',
  '反应',
  '咨询',
  '求助',
  '建议',
  '要求',
  '希望',
  '恳请',
  '强烈',
  '再次',
  '多次',
  '位于',
  '地处',
  '本人',
  '小区业主',
  '业主',
  '居民',
  '村民',
];

/**
 * A street, town, community, village or district written before the place (望江街道新华小区, 临江区望江花园): the part up
 * to its administrative word, stripped while two characters or more remain. 小区, 园区, 景区… are not administrative.
 */
export const ADMIN_PREFIX =
  /^[\u4e00-\u9fff]{0,6}?(?:街道|社区|[^\s小园景校厂片营矿库展]区|[\u4e00-\u9fff](?:镇|乡|村|县))/;
/** The characters an ADMIN_PREFIX match ends with, and the longest match (six, then two): a cheap test before it. */
export const ADMIN_PREFIX_ENDS = '道区镇乡村县';
export const ADMIN_PREFIX_MAX_LENGTH = 8;

/** Longest name kept to the left of a suffix, in characters. */
export const MAX_NAME_LENGTH = 12;
