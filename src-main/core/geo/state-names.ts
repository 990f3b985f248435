/** The two-letter USPS code of each US state, DC and the territories with zips, by name (lower case). */
const NAMES: Record<string, string> = {
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  'district of columbia': 'DC',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  'new hampshire': 'NH',
  'new jersey': 'NJ',
  'new mexico': 'NM',
  'new york': 'NY',
  'north carolina': 'NC',
  'north dakota': 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  'rhode island': 'RI',
  'south carolina': 'SC',
  'south dakota': 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  'west virginia': 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
  'puerto rico': 'PR',
  guam: 'GU',
  'virgin islands': 'VI',
  'u.s. virgin islands': 'VI',
  'american samoa': 'AS',
  'northern mariana islands': 'MP',
};
const CODES = new Set(Object.values(NAMES));

/**
 * SQL giving the two-letter code of a state written as its code or its name (any case, spaces trimmed), NULL
 * for anything else: a value that names no state is not compared with anything.
 */
export function stateCodeSql(text: string): string {
  const t = `lower(trim(${text}))`;
  return `CASE WHEN upper(trim(${text})) IN (${[...CODES].map((c) => `'${c}'`).join(', ')}) THEN upper(trim(${text}))
    ${Object.entries(NAMES)
      .map(([n, c]) => `WHEN ${t} = '${n.replace(/'/g, "''")}' THEN '${c}'`)
      .join(' ')} END`;
}
