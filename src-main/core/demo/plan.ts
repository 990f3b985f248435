/**
 * The demo campaign's media plan and markets: a retailer's three-month sweepstakes
 * (2026-03-02 .. 2026-05-31, 13 weeks) across six US markets plus national digital buys.
 */
export interface DemoMarket {
  name: string;
  centerZip: string;
  areaCodes: [string, string];
}

export const MARKETS: DemoMarket[] = [
  { name: 'Boston', centerZip: '02108', areaCodes: ['617', '857'] },
  { name: 'New York', centerZip: '10001', areaCodes: ['212', '646'] },
  { name: 'Chicago', centerZip: '60601', areaCodes: ['312', '773'] },
  { name: 'Atlanta', centerZip: '30303', areaCodes: ['404', '678'] },
  { name: 'Dallas', centerZip: '75201', areaCodes: ['214', '469'] },
  { name: 'Denver', centerZip: '80202', areaCodes: ['303', '720'] },
];

export interface DemoBuy {
  id: string;
  name: string;
  mediaType: 'print' | 'billboard' | 'radio' | 'tv' | 'web' | 'banner' | 'email' | 'sms' | 'social';
  /** Index into MARKETS, or null for a national buy. */
  market: number | null;
  keyword: string;
  /** Weeks of the campaign this buy runs (0-based, inclusive). */
  weeks: [number, number];
  weeklyBudget: number;
  /** Entries per dollar, relative: what makes some buys pay off and others not. */
  efficiency: number;
}

export const CAMPAIGN_START = '2026-03-02';
export const CAMPAIGN_WEEKS = 13;

export const BUYS: DemoBuy[] = [
  {
    id: 'MB01',
    name: 'Boston Globe Sunday print',
    mediaType: 'print',
    market: 0,
    keyword: 'GLOBE5',
    weeks: [0, 8],
    weeklyBudget: 4200,
    efficiency: 1.0,
  },
  {
    id: 'MB02',
    name: 'Boston I-93 billboard',
    mediaType: 'billboard',
    market: 0,
    keyword: 'BOSWIN',
    weeks: [0, 12],
    weeklyBudget: 2600,
    efficiency: 0.7,
  },
  {
    id: 'MB03',
    name: 'WBZ morning drive radio',
    mediaType: 'radio',
    market: 0,
    keyword: 'WBZSHOE',
    weeks: [2, 10],
    weeklyBudget: 3100,
    efficiency: 1.3,
  },
  {
    id: 'MB04',
    name: 'NY Post weekend print',
    mediaType: 'print',
    market: 1,
    keyword: 'NYPOST',
    weeks: [0, 6],
    weeklyBudget: 6800,
    efficiency: 0.8,
  },
  {
    id: 'MB05',
    name: 'Times Square digital billboard',
    mediaType: 'billboard',
    market: 1,
    keyword: 'TSQ',
    weeks: [1, 12],
    weeklyBudget: 9500,
    efficiency: 0.45,
  },
  {
    id: 'MB06',
    name: 'Z100 afternoon radio',
    mediaType: 'radio',
    market: 1,
    keyword: 'Z100',
    weeks: [0, 12],
    weeklyBudget: 5200,
    efficiency: 1.4,
  },
  {
    id: 'MB07',
    name: 'Chicago Tribune print',
    mediaType: 'print',
    market: 2,
    keyword: 'TRIB',
    weeks: [0, 9],
    weeklyBudget: 3900,
    efficiency: 0.9,
  },
  { id: 'MB08', name: 'WGN radio', mediaType: 'radio', market: 2, keyword: 'WGN', weeks: [3, 12], weeklyBudget: 2800, efficiency: 1.2 },
  {
    id: 'MB09',
    name: 'Atlanta I-285 billboard',
    mediaType: 'billboard',
    market: 3,
    keyword: 'ATLWIN',
    weeks: [0, 12],
    weeklyBudget: 2200,
    efficiency: 0.6,
  },
  {
    id: 'MB10',
    name: 'Atlanta evening news TV',
    mediaType: 'tv',
    market: 3,
    keyword: 'ATLTV',
    weeks: [4, 10],
    weeklyBudget: 11000,
    efficiency: 0.55,
  },
  {
    id: 'MB11',
    name: 'Dallas KRLD radio',
    mediaType: 'radio',
    market: 4,
    keyword: 'DFW',
    weeks: [0, 12],
    weeklyBudget: 3000,
    efficiency: 1.1,
  },
  {
    id: 'MB12',
    name: 'Denver I-25 billboard',
    mediaType: 'billboard',
    market: 5,
    keyword: 'MILEHI',
    weeks: [0, 12],
    weeklyBudget: 1900,
    efficiency: 0.75,
  },
  {
    id: 'MB13',
    name: 'National web banners',
    mediaType: 'banner',
    market: null,
    keyword: 'BANNER',
    weeks: [0, 12],
    weeklyBudget: 4500,
    efficiency: 1.6,
  },
  {
    id: 'MB14',
    name: 'National social ads',
    mediaType: 'social',
    market: null,
    keyword: 'SOCIAL',
    weeks: [2, 12],
    weeklyBudget: 5000,
    efficiency: 1.8,
  },
  {
    id: 'MB15',
    name: 'Loyalty email blast',
    mediaType: 'email',
    market: null,
    keyword: 'EMAIL1',
    weeks: [1, 11],
    weeklyBudget: 600,
    efficiency: 6.0,
  },
  // A buy that was paid for and drew nobody: it must still appear in every report.
  {
    id: 'MB16',
    name: 'Denver KOA radio (test flight)',
    mediaType: 'radio',
    market: 5,
    keyword: 'KOAWIN',
    weeks: [6, 8],
    weeklyBudget: 1500,
    efficiency: 0,
  },
];

export const FIRST_NAMES = [
  'Ann',
  'Ben',
  'Carla',
  'David',
  'Elena',
  'Frank',
  'Grace',
  'Hector',
  'Irene',
  'James',
  'Keisha',
  'Luis',
  'Maria',
  'Nate',
  'Olivia',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Victor',
  'Wendy',
  'Xavier',
  'Yara',
  'Zach',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Nguyen',
  'Patel',
  'Kim',
  'Cohen',
];
/** Reserved example domains (RFC 2606): demo addresses can never reach a real inbox. */
export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
export const AFFINITIES = ['running', 'basketball', 'kids', 'outdoor', 'fitness', 'casual'];
export const TIMEFRAMES = ['this week', 'this month', '1-3 months', '3+ months', 'not sure'];
/** Share of entrants in each timeframe who redeem: nearer intent, more redemptions. */
export const REDEEM_RATE = [0.34, 0.24, 0.15, 0.08, 0.1];
