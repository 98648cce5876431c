// The open data's catalogue in DCAT (W3C's vocabulary for data catalogues, as JSON-LD), so a city's open-data portal
// or a harvester lists the datasets without reading our docs: titles, licence, update frequency, distributions, and
// every column with its type and definition (CSVW).
import type { Profile } from '../../engine/profile/city-profile.ts';
import { DATASETS } from './open-data-sets.ts';

/** The licence the data is published under; a city that chooses another says so in its portal. */
export const LICENCE = 'https://creativecommons.org/licenses/by/4.0/';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  csvw: 'http://www.w3.org/ns/csvw#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  foaf: 'http://xmlns.com/foaf/0.1/',
};

const XSD: Record<string, string> = {
  string: 'xsd:string',
  integer: 'xsd:integer',
  number: 'xsd:decimal',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

/** The catalogue for a city whose open data lives at `base` (an absolute URL ending in /open-data/v1). */
export function catalogue(profile: Profile, base: string) {
  const city = profile.data.city;
  return {
    '@context': CONTEXT,
    '@type': 'dcat:Catalog',
    '@id': `${base}/`,
    'dct:title': `${city} 12345 市民诉求公共数据 (Lizheng open data)`,
    'dct:description':
      'Aggregate counts of citizen reports to the 12345 hotline and its sister channels, and resolved alerts. ' +
      'No report text, report id or caller is published; small cells are suppressed.',
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': `${city} 12345 市民热线` },
    'dct:license': LICENCE,
    'dct:language': ['zh', 'en'],
    'dcat:dataset': DATASETS.map((d) => ({
      '@type': 'dcat:Dataset',
      '@id': `${base}/#${d.id}`,
      'dct:identifier': d.id,
      'dct:title': d.title,
      'dct:description': d.description,
      'dct:accrualPeriodicity': d.accrualPeriodicity,
      'dct:license': LICENCE,
      'dcat:keyword': ['12345', '市民诉求', 'citizen reports', city],
      'dcat:distribution': (['csv', 'json'] as const).map((format) => ({
        '@type': 'dcat:Distribution',
        'dcat:accessURL': `${base}/${d.id}.${format}`,
        'dcat:mediaType': format === 'csv' ? 'text/csv' : 'application/json',
        'dct:format': format.toUpperCase(),
        ...(format === 'csv' ? { 'dct:description': 'UTF-8; add ?bom=true for Excel' } : {}),
      })),
      'csvw:tableSchema': {
        'csvw:column': d.columns.map((c) => ({
          'csvw:name': c.name,
          'csvw:datatype': XSD[c.type],
          'dct:description': c.description,
        })),
      },
    })),
  };
}
