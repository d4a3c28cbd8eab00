// What the demo map (`flowmap demo`, and the map the app opens on first start) holds.

/** The instant the demo's data ends: the app and the CLI measure at the same `now`. */
export const AS_OF = '2026-11-02';

/** Its stages, in flow order. */
export const DEMO_STAGES = [
  'Request intake',
  'Support triage',
  'Discovery',
  'Planning',
  'Development',
  'Partner development',
  'Code review',
  'Testing',
  'Release',
];

export const DEMO_PARTNER = 'Nearshore Partner Ltd';
