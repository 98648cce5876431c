// Reports as replay (and the gateway) publish them to INTAKE: settled by the edge's Intake, for tests that publish
// to the stream directly.
import { Intake } from '../../engine/intake/intake.ts';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { settledReport } from '../../engine/stream/intake-message.ts';
import { CityClock } from '../../engine/time/event-time.ts';

const profile = loadProfile('chengdu');
const intake = new Intake(profile, new CityClock(profile.timezone), 'none');

/** The INTAKE payload of one intake report (district and topic as given: no text understanding). */
export const settledJson = (raw: Record<string, unknown>): string => JSON.stringify(settledReport(intake.accept(raw)));
