// The REST answers the console reads, typed from the gateway's own route schemas (type-only imports: nothing of
// the server reaches the bundle), so a changed route is a type error here rather than a blank field on screen.
import type { Static } from '@sinclair/typebox';
import type { AlertDetail, AlertList } from '../../../gateway/plugins/alerts-read.ts';
import type { Units } from '../../../gateway/plugins/units.ts';

export type AlertPage = Static<typeof AlertList>;
export type AlertDetailView = Static<typeof AlertDetail>;
export type TimelineEntryView = AlertDetailView['timeline'][number];
export type SeriesPointView = AlertDetailView['series']['points'][number];
export type SampleGroupView = AlertDetailView['samples']['groups'][number];
export type UnitsView = Static<typeof Units>;
export type UnitFiguresView = UnitsView['units'][number];
