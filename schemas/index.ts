// Public barrel of the contracts: every boundary validates against these.
export { IntakeReport, Location } from './intake-report.ts';
export { SettledReport, SettledEnrichment } from './settled-report.ts';
export { Alert, AlertEvent, AlertEventType, AlertKind, AlertStatus } from './alert-event.ts';
export { CityProfile, ProfileDistrict, ProfileTopic } from './city-profile.ts';
