// 注释与口径: how each figure of the morning report is counted, printed at its foot so readers need not guess.
import type { MorningReport } from '../../schemas/morning-report.ts';
import type { Profile } from '../profile/city-profile.ts';
import { TOP_ISSUE_SCORE } from './top-issues.ts';

export function reportDefinitions(profile: Profile): MorningReport['definitions'] {
  return [
    {
      term: '来件（件）',
      text: `按受理时间计入${profile.data.city}当地自然日（${profile.data.timezone}）的群众诉求条数，含各渠道；同一编号重复提交只计一次。`,
    },
    { term: '反映人数（人）', text: '同一自然日内不同来电（来信）人的数量；同一人多次反映只计一人。' },
    {
      term: '迟到来件',
      text: '所属分钟统计已关闭后才到达的来件：计入当日总数，但未参与该分钟的实时预警判断。',
    },
    {
      term: '较前一日、较上周同日',
      text: '与前一自然日、上周同一星期几的来件数相比的增减幅度；比较日无任何来件记录时注明“无数据”，不按零计算。',
    },
    {
      term: '每万人来件',
      text: '区（市）县来件数 ÷ 常住人口 × 10,000；人口取自城市配置（约数），未配置人口的城市不计算此项。',
    },
    {
      term: '常日曲线',
      text: '此前四周同一星期几、有来件记录的各日逐小时来件数的平均值，即引擎季节性基线所依据的同期水平。',
    },
    {
      term: '预警',
      text:
        '突增：某区某类诉求在时间窗内的反映人数显著高于同期基线（多重检验控制误报率）；事件：多人反映同一地点同一问题；' +
        '全市：某类诉求在多数区同时上升。预期值为基线在同一时间窗的预期反映人数。',
    },
    {
      term: '响应时长（分钟）',
      text: '自预警生成起至值班人员确认、派单、办结的分钟数；尚未发生的环节记为“—”。状态为报告生成时的状态。',
    },
    { term: '重点问题排序', text: TOP_ISSUE_SCORE },
    {
      term: '承办单位响应',
      text: '近30日派往该单位的预警中，在办理时限内办结的比例；小样本单位的比例向全市平均收缩，方法见该节说明。',
    },
    {
      term: '反复出现的热点',
      text: '近30日内至少3天出现预警的同一区同一类诉求（突增）或同一地点（事件），建议纳入“每月一题”源头治理。',
    },
  ];
}
