// A personal name after a cue such as 联系人 or 我叫 starts with a surname; knowing the surnames is what tells
// "我叫王建国" (a name) from "我叫了物业" (not one) without a dictionary of given names.

/**
 * About 390 common single-character surnames, most frequent first, then some frequent in Sichuan (税, 母, 但, 代,
 * 蹇, 庹, 旷). Left out although they are surnames: characters far more often read as ordinary words right after a
 * name cue (位 in 一位女士, 那, 都, 来, 由, 干, 区, 相, 信, 公, 门, 於).
 */
export const SINGLE_SURNAMES: ReadonlySet<string> = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢' +
    '姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温' +
    '康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成' +
    '苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费' +
    '卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠' +
    '惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平' +
    '计索宣晋初云容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇哈湛宾戎勾茅利呼' +
    '居揭尉冶斯元束檀衣展阴昝智幸奉植衡富尧闭税母但代蹇庹旷',
);

/** Two-character surnames; checked before single ones, so 欧阳 is not read as 欧 plus a given name starting 阳. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '司徒',
  '夏侯',
  '宇文',
  '长孙',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '澹台',
  '百里',
  '呼延',
  '申屠',
  '钟离',
  '闻人',
  '万俟',
  '赫连',
  '濮阳',
  '拓跋',
]);
