// redactText on hand-written report sentences: every kind of identifier in the forms citizens write it, the
// look-alikes that must stay readable, offsets into the text as written, idempotence, and linear time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, type RedactionKind, redactText } from '../engine/privacy/redact-text.ts';

/** The redacted text. */
const red = (text: string): string => redactText(text).text;
/** The kinds found, in order. */
const kinds = (text: string): RedactionKind[] => redactText(text).spans.map((s) => s.kind);

/** Each row: what a citizen wrote, what the public sees. */
function expectRedactions(rows: ReadonlyArray<readonly [string, string]>): void {
  for (const [input, output] of rows) expect(red(input), input).toBe(output);
}

describe('redactText: phones', () => {
  it('finds mobiles written plain, spaced, dashed, dotted, full-width, in Chinese and with a country code', () => {
    expectRedactions([
      ['我的手机13812345678，请回电', '我的手机[电话]，请回电'],
      ['电话 138 1234 5678 谢谢', '电话 [电话] 谢谢'],
      ['电话138-1234-5678', '电话[电话]'],
      ['号码是139.8765.4321', '号码是[电话]'],
      ['１５９８１２３４５６７', '[电话]'],
      ['手机幺三八一二三四五六七八', '手机[电话]'],
      ['手机一八六 两八零零 九九九九', '手机[电话]'],
      ['+86 138 1234 5678', '[电话]'],
      ['8613812345678', '[电话]'],
      ['0086-13812345678', '[电话]'],
      ['(+86)13812345678', '[电话]'],
      ['电话13812345678一直打不通', '电话[电话]一直打不通'],
      ['tel13812345678', 'tel[电话]'],
      ['13812345678和13987654321都打不通', '[电话]和[电话]都打不通'],
    ]);
  });

  it('finds landlines with their area code, and local numbers after a cue only', () => {
    expectRedactions([
      ['座机(028)8765-4321', '座机[电话]'],
      ['028-87654321', '[电话]'],
      ['02887654321', '[电话]'],
      ['0838-2234567 德阳的', '[电话] 德阳的'],
      ['+86 28 8765 4321', '[电话]'],
      ['座机87654321', '座机[电话]'],
      ['联系方式：8765 4321', '联系方式：[电话]'],
      ['请拨打 8765-4321', '请拨打 [电话]'],
      ['共计87654321元', '共计87654321元'],
    ]);
  });

  it('leaves public service numbers alone, with or without a cue', () => {
    expectRedactions([
      ['已拨打12345反映', '已拨打12345反映'],
      ['报警110，火警119，急救120，交通事故122', '报警110，火警119，急救120，交通事故122'],
      ['消费者投诉拨打12315，价格举报12358，城管12319', '消费者投诉拨打12315，价格举报12358，城管12319'],
      ['客服电话95588，燃气96577', '客服电话95588，燃气96577'],
      ['客服电话400-800-8888，另有800-820-8820', '客服电话400-800-8888，另有800-820-8820'],
      ['电话4008008888', '电话4008008888'],
    ]);
  });
});

describe('redactText: resident IDs', () => {
  it('finds checksummed 18-character IDs plain, grouped, with x, full-width, and 15-digit ones after a cue', () => {
    expectRedactions([
      ['身份证510104199003071237', '身份证[身份证]'],
      ['我的证件11010519491231002X', '我的证件[身份证]'],
      ['11010519491231002x 办理', '[身份证] 办理'],
      ['510104 1990 0307 1237', '[身份证]'],
      ['510104 19900307 1237', '[身份证]'],
      ['５１０１０４１９９００３０７１２３７', '[身份证]'],
      ['身份证号：510104900307123', '身份证号：[身份证]'],
      ['身份证号码是 510104199003071238（可能打错一位）', '身份证号码是 [身份证]（可能打错一位）'],
    ]);
  });

  it('leaves 15-digit and bad-checksum numbers without a cue', () => {
    expectRedactions([
      ['编号510104900307123', '编号510104900307123'],
      ['510104199003071238', '510104199003071238'],
    ]);
  });
});

describe('redactText: bank cards', () => {
  it('finds Luhn-valid cards plain or in fours, and any 16-19 digits after a card cue', () => {
    expectRedactions([
      ['6222021234567890128', '[银行卡]'],
      ['6228 4804 0256 4890 018 是工资卡', '[银行卡] 是工资卡'],
      ['4367-4212-3456-7896', '[银行卡]'],
      ['银行卡号：6222021234567890127', '银行卡号：[银行卡]'],
      ['工资卡 6217 0012 3456 7890 12', '工资卡 [银行卡]'],
      ['储蓄卡账号为6217001234567890121', '储蓄卡账号为[银行卡]'],
    ]);
  });

  it('never takes order, tracking, invoice, licence or meter numbers for cards', () => {
    expectRedactions([
      ['订单号 2026112312345678901', '订单号 2026112312345678901'],
      ['订单号码6222021234567890128', '订单号码6222021234567890128'],
      ['快递单号：6222021234567890128', '快递单号：6222021234567890128'],
      ['运单6222021234567890128', '运单6222021234567890128'],
      ['工单编号 6222021234567890128', '工单编号 6222021234567890128'],
      ['发票号码 6222021234567890128', '发票号码 6222021234567890128'],
      ['营业执照号6222021234567890128', '营业执照号6222021234567890128'],
      ['电表号 6222021234567890128 水表 4367421234567896', '电表号 6222021234567890128 水表 4367421234567896'],
      ['物流单号SF6222021234567890128', '物流单号SF6222021234567890128'],
      ['JD4367421234567896', 'JD4367421234567896'],
    ]);
  });
});

describe('redactText: email, plates, QQ, WeChat', () => {
  it('finds emails, full-width ones too', () => {
    expectRedactions([
      ['邮箱 zhang.wei88@163.com。', '邮箱 [邮箱]。'],
      ['发到１２３４５６７８＠ｑｑ．ｃｏｍ', '发到[邮箱]'],
      ['@物业 和 a@b 不是邮箱', '@物业 和 a@b 不是邮箱'],
    ]);
  });

  it('finds licence plates with or without a separator, new-energy and suffixed ones', () => {
    expectRedactions([
      ['川A·12345 停在消防通道', '[车牌] 停在消防通道'],
      ['川A12345', '[车牌]'],
      ['川A 1B234', '[车牌]'],
      ['川AD12345 新能源', '[车牌] 新能源'],
      ['川Ａ１２３４５', '[车牌]'],
      ['川a12345', '[车牌]'],
      ['川A1234学 教练车', '[车牌] 教练车'],
      ['京B1234警', '[车牌]'],
    ]);
  });

  it('leaves look-alikes of plates', () => {
    expectRedactions([
      ['川A出口往右', '川A出口往右'],
      ['川AB出口', '川AB出口'],
      ['川A123456789 不是车牌', '川A123456789 不是车牌'],
      ['新ABCDE', '新ABCDE'],
    ]);
  });

  it('finds QQ numbers and WeChat ids after their cue only', () => {
    expectRedactions([
      ['QQ 12345678', 'QQ [QQ]'],
      ['我的QQ号是：987654321', '我的QQ号是：[QQ]'],
      ['qq123456', 'qq[QQ]'],
      ['ＱＱ：１２３４５６', 'ＱＱ：[QQ]'],
      ['扣扣 1234567', '扣扣 [QQ]'],
      ['企鹅号 88886666', '企鹅号 [QQ]'],
      ['QQ群里说 12345', 'QQ群里说 12345'],
      ['微信 abc_12345', '微信 [微信]'],
      ['加微信：zhangwei-88', '加微信：[微信]'],
      ['vx：Li_Ming2020 或 WX: wxid_a1b2c3d4e5', 'vx：[微信] 或 WX: [微信]'],
      ['微信号是 13912345678', '微信号是 [微信]'],
      ['wx13912345678', 'wx[微信]'],
      ['微信群里说要停水', '微信群里说要停水'],
      ['微信公众号', '微信公众号'],
    ]);
  });
});

describe('redactText: names', () => {
  it('finds names after a cue, ending where the next word starts', () => {
    expectRedactions([
      ['我叫王建国住在锦城花园', '我叫[姓名]住在锦城花园'],
      ['我叫王芳，电话打不通', '我叫[姓名]，电话打不通'],
      ['联系人：欧阳娜娜', '联系人：[姓名]'],
      ['联系人李明电话13812345678', '联系人[姓名]电话[电话]'],
      ['姓名:张伟', '姓名:[姓名]'],
      ['本人王芳，反映噪音', '本人[姓名]，反映噪音'],
      ['报件人刘德华称', '报件人[姓名]称'],
      ['来电人陈女士反映', '来电人[姓名]反映'],
      ['投诉人为赵小明', '投诉人为[姓名]'],
      ['户主：周杰', '户主：[姓名]'],
      ['业主黄建华反映楼上漏水', '业主[姓名]反映楼上漏水'],
      ['我是司马光，住隔壁', '我是[姓名]，住隔壁'],
      ['我是张三，住在这里', '我是[姓名]，住在这里'],
      ['联系人李四住在2栋', '联系人[姓名]住在2栋'],
      ['我叫王芳三年前搬来', '我叫[姓名]三年前搬来'],
      ['我是一名木工，叫邬家强，电话打不通', '我是一名木工，叫[姓名]，电话打不通'],
      ['我是他儿子，叫向明', '我是他儿子，叫[姓名]'],
      ['户主是我爸爸刘德贵，已去世', '户主是我爸爸[姓名]，已去世'],
      ['来电人邹大爷（邹光荣）称', '来电人[姓名]（[姓名]）称'],
      ['我叫王家豪', '我叫[姓名]'],
      ['来电人母志刚反映', '来电人[姓名]反映'],
      ['我是税小兰，住新都', '我是[姓名]，住新都'],
      ['联系人：陈国栋，住址', '联系人：[姓名]，住址'],
    ]);
  });

  it('finds a surname with a title, after a cue or (先生, 女士, 小姐) without one', () => {
    expectRedactions([
      ['联系人张先生', '联系人[姓名]'],
      ['我是王阿姨', '我是[姓名]'],
      ['来电人李师傅', '来电人[姓名]'],
      ['刘女士反映楼下烧烤', '[姓名]反映楼下烧烤'],
      ['欧阳先生说', '[姓名]说'],
    ]);
  });

  it('leaves what follows a cue when it is not a name', () => {
    expectRedactions([
      ['我叫了物业三次', '我叫了物业三次'],
      ['本人住在三楼', '本人住在三楼'],
      ['我是业主，我是住户，我是租户，我是市民，我是家长', '我是业主，我是住户，我是租户，我是市民，我是家长'],
      ['本人向物业反映多次', '本人向物业反映多次'],
      ['我是车主，业主周末装修', '我是车主，业主周末装修'],
      ['本人成都市民', '本人成都市民'],
      ['业主委员会', '业主委员会'],
      ['一位女士来电，这位先生说', '一位女士来电，这位先生说'],
      ['我姓王，老板姓邓', '我姓王，老板姓邓'],
      ['楼下狗叫声不断，我叫了个滴滴', '楼下狗叫声不断，我叫了个滴滴'],
      ['我叫师傅来修，他叫司机停车', '我叫师傅来修，他叫司机停车'],
      ['母亲常年卧床，本人税务登记有问题', '母亲常年卧床，本人税务登记有问题'],
      ['王家住在这里', '王家住在这里'],
      ['店名叫锦官新城，我儿子叫成都某某', '店名叫锦官新城，我儿子叫成都某某'],
      ['我是华西幼儿园的家长，我是金沙一期的住户', '我是华西幼儿园的家长，我是金沙一期的住户'],
      ['我是龙腾电子厂的职工，本人阳光新城业主', '我是龙腾电子厂的职工，本人阳光新城业主'],
      ['妇女儿童中医医院，一家叫阳光家园的小区', '妇女儿童中医医院，一家叫阳光家园的小区'],
      ['我是蓝湾家园的业主', '我是蓝湾家园的业主'],
      ['本人王芳家住锦城花园，户主李德明去世了', '本人[姓名]家住锦城花园，户主[姓名]去世了'],
      ['维修师傅和语文老师', '维修师傅和语文老师'],
    ]);
  });
});

describe('redactText: doors', () => {
  it('redacts unit, floor and room after a building, and keeps the building and estate', () => {
    expectRedactions([
      ['锦城花园5栋2单元301室漏水', '锦城花园5栋[门牌]漏水'],
      ['3栋2单元1201号', '3栋[门牌]'],
      ['幸福家园12幢1单元5楼502', '幸福家园12幢[门牌]'],
      ['3号楼2单元', '3号楼[门牌]'],
      ['A座1201室', 'A座[门牌]'],
      ['五栋二单元三〇一室', '五栋[门牌]'],
      ['二十三栋一单元', '二十三栋[门牌]'],
      ['5栋 2单元 301', '5栋 [门牌]'],
    ]);
  });

  it('redacts a unit with what follows, and hyphenated building-unit-room, whole', () => {
    expectRedactions([
      ['2单元3楼301', '[门牌]'],
      ['住16-1-1702号', '住[门牌]'],
      ['1-2-301的住户', '[门牌]的住户'],
    ]);
  });

  it('redacts a flat number after a neighbour or home cue, a floor with its room, and a room with 室', () => {
    expectRedactions([
      ['楼上1202天天跳绳，我住1102', '楼上[门牌]天天跳绳，我住[门牌]'],
      ['我家是1602，楼下1401装修', '我家是[门牌]，楼下[门牌]装修'],
      ['楼上的702住户', '楼上的[门牌]住户'],
      ['我住上面3楼301', '我住上面[门牌]'],
      ['住在12层1203号', '住在[门牌]'],
      ['11栋2单元，1905室。', '11栋[门牌]，[门牌]。'],
    ]);
  });

  it('leaves numbers after such cues that are not flats, and floors alone', () => {
    expectRedactions([
      ['住在2019年以前', '住在2019年以前'],
      ['楼上的300元押金', '楼上的300元押金'],
      ['我家住5楼，一楼住户', '我家住5楼，一楼住户'],
      ['楼下150平米的商铺', '楼下150平米的商铺'],
      ['办公楼3楼501会议室', '办公楼3楼501会议室'],
      ['隔壁365天不停', '隔壁365天不停'],
      ['共计1000室', '共计1000室'],
    ]);
  });

  it('keeps estates, roads with street numbers, public buildings, buses and lines', () => {
    expectRedactions([
      ['人民南路三段18号门口', '人民南路三段18号门口'],
      ['政务中心3楼办事大厅', '政务中心3楼办事大厅'],
      ['华西医院门诊楼2楼', '华西医院门诊楼2楼'],
      ['3栋楼下有人烧烤', '3栋楼下有人烧烤'],
      ['58路公交，地铁7号线', '58路公交，地铁7号线'],
      ['一座三层楼', '一座三层楼'],
      ['比分3-2-1', '比分3-2-1'],
    ]);
  });
});

describe('redactText: look-alikes', () => {
  it('keeps dates, times, prices, amounts, counts, order and tracking numbers', () => {
    for (const text of [
      '2026-11-23 14:30 发生',
      '2026年11月23日',
      '2026.11.23',
      '价格12.50元，罚款2000元，共1380000元',
      '订单号 2026112312345678901',
      '快递单号 75312345678901',
      '营业执照号 91510100MA61234567',
      '统一社会信用代码 915101007234567890',
      '工单 20261123000123',
      '已拨打12345',
      '400-800-8888',
      '温度 38.5 度，PM2.5 达到 150',
      'IP 192.168.1.1',
    ]) {
      expect(redactText(text).spans, text).toEqual([]);
    }
  });
});

describe('redactText: spans', () => {
  it('points into the text as written, full-width, Chinese digits and zero-width characters included', () => {
    const text = '我叫王建国，电话１３８\u200b１２３４５６７８，住5栋二单元301';
    const { spans } = redactText(text);
    expect(spans.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ['name', '王建国'],
      ['phone', '１３８\u200b１２３４５６７８'],
      ['door', '二单元301'],
    ]);
  });

  it('are sorted, do not overlap, and rebuild the text with the placeholders', () => {
    const text = '联系人张先生 13812345678，邮箱 13812345678@qq.com，川A12345，QQ 123456，5栋1单元101';
    const { text: out, spans } = redactText(text);
    let rebuilt = '';
    let from = 0;
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(from);
      expect(s.end).toBeGreaterThan(s.start);
      rebuilt += text.slice(from, s.start) + PLACEHOLDERS[s.kind];
      from = s.end;
    }
    expect(rebuilt + text.slice(from)).toBe(out);
    expect(kinds(text)).toEqual(['name', 'phone', 'email', 'plate', 'qq', 'door']);
  });

  it('merges overlapping finds into one span of the more specific kind, so a second pass finds nothing left', () => {
    expect(redactText('邮箱13812345678@qq.com').spans).toEqual([{ kind: 'email', start: 2, end: 20 }]);
    expect(red('wxid_wxid_13812345678')).toBe('wx[微信]');
    expect(red(red('wxid_wxid_13812345678'))).toBe('wx[微信]');
  });

  it('gives an empty text and a text with nothing personal back unchanged', () => {
    expect(redactText('')).toEqual({ text: '', spans: [] });
    expect(redactText('小区门口垃圾三天没人清运')).toEqual({ text: '小区门口垃圾三天没人清运', spans: [] });
  });
});

/** Han characters that are neither digits written in Chinese nor part of a placeholder. */
const HAN = fc.constantFrom(
  ...'的是在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经',
);

/** Fragments that build report-like texts full of near misses. */
const FRAGMENT = fc.oneof(
  fc.constantFrom(
    '电话',
    '手机',
    'QQ',
    '微信',
    'vx',
    '身份证',
    '银行卡',
    '订单号',
    '快递',
    '我叫',
    '我是',
    '本人',
    '联系人',
    '业主',
    '先生',
    '女士',
    '王',
    '欧阳',
    '栋',
    '单元',
    '楼',
    '室',
    '号',
    '川A',
    '@',
    '.com',
    '：',
    ' ',
    '-',
    '，',
    ']',
    '[',
    '一',
    '三',
    '两',
    'X',
    'wxid_',
    'abc',
  ),
  fc.stringMatching(/^\d{1,19}$/),
  fc.constantFrom(...Object.values(PLACEHOLDERS)),
  HAN,
);

describe('redactText: properties', () => {
  it('is idempotent on the cases that once broke it', () => {
    for (const text of [
      'wxid_0wxid_三00000000000',
      'QQ70000一9000000000',
      '楼上602wxid_000',
      '0单元wxid_0000',
      'wxid_wxid_13812345678',
      '+862030000000两单元',
    ]) {
      const once = red(text);
      expect(red(once), text).toBe(once);
    }
  });

  it('is idempotent: placeholders and what surrounds them are never redacted again', () => {
    fc.assert(
      fc.property(fc.array(FRAGMENT, { maxLength: 40 }), (parts) => {
        const once = red(parts.join(''));
        expect(red(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const once = red(text);
        expect(red(once)).toBe(once);
      }),
    );
  });

  it('removes any valid mobile number, in any of its written forms, from Han text around it', () => {
    const mobile = fc
      .tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/))
      .map(([b, rest]) => `1${b}${rest}`);
    const written = fc.tuple(mobile, fc.integer({ min: 0, max: 5 })).map(([m, form]) => {
      const spaced = `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
      return [
        m,
        spaced,
        spaced.replaceAll(' ', '-'),
        `+86 ${m}`,
        [...m].map((d) => String.fromCharCode(0xff10 + Number(d))).join(''),
        [...m].map((d) => '〇一二三四五六七八九'[Number(d)]).join(''),
      ][form];
    });
    fc.assert(
      fc.property(fc.string({ unit: HAN }), written, fc.string({ unit: HAN }), (before, number, after) => {
        const { text, spans } = redactText(before + number + after);
        expect(text).toBe(`${before}${PLACEHOLDERS.phone}${after}`);
        expect(spans).toEqual([{ kind: 'phone', start: before.length, end: before.length + number.length }]);
      }),
      { numRuns: 2000 },
    );
  });

  it('spans are always sorted, inside the text, and non-overlapping', () => {
    fc.assert(
      fc.property(fc.array(FRAGMENT, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        let from = 0;
        for (const s of redactText(text).spans) {
          expect(s.start).toBeGreaterThanOrEqual(from);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          from = s.end;
        }
      }),
    );
  });
});

describe('redactText: time', () => {
  it('redacts 100 kB of hostile digits and separators in well under a second', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const hostile = [
      Array.from({ length: 100_000 }, () => '0123456789 -.()+X'[Math.floor(next() * 17)]).join(''),
      '1 '.repeat(50_000),
      '1-'.repeat(50_000),
      '1'.repeat(100_000),
      `${'a'.repeat(100_000)}@`,
      '5栋1'.repeat(33_000),
      '我叫王'.repeat(33_000),
    ];
    for (const text of hostile) {
      // CPU time, not wall time: other test files share the machine. Catastrophic backtracking would take minutes.
      const started = process.cpuUsage();
      redactText(text);
      const used = process.cpuUsage(started);
      expect((used.user + used.system) / 1000, text.slice(0, 20)).toBeLessThan(500);
    }
  });
});
