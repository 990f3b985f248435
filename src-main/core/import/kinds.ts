import type { DatasetKind } from '../../contract/types';

/**
 * What each import kind's canonical columns are, how to parse them, and which header names real
 * exports use for them (DOMAIN.md). Header matching ignores case and punctuation: "E-mail Address",
 * "email_address" and "EMAIL ADDRESS" are the same name.
 */
export type ColumnType =
  | 'text'
  | 'id' // trimmed text, blank = null
  | 'keyword' // upper-case, no whitespace
  | 'email'
  | 'phone'
  | 'zip'
  | 'money'
  | 'count' // whole number, commas allowed
  | 'age'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'lower' // lower-case text (channels, media types)
  | 'currency'
  | 'latlon'
  | 'event'; // a message outcome (events.ts)

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  synonyms: string[];
}

export interface KindSpec {
  kind: DatasetKind;
  label: string;
  columns: ColumnSpec[];
  /** Columns that must be mapped and present on every row. */
  required: string[];
  /** Groups where at least one column must be mapped, and each row needs one of them filled. */
  oneOf: string[][];
  /** Whether a row needs a value in one of `oneOf` (entries, contacts) or may leave all blank (spend: unattributed). */
  oneOfPerRow: boolean;
  /** The column that identifies a row for duplicate detection (synthesised from content where absent). */
  key?: string;
}

const c = (name: string, type: ColumnType, synonyms: string[] = []): ColumnSpec => ({ name, type, synonyms });

const EMAIL = ['email', 'e-mail', 'email address', 'e-mail address', 'emailaddress', 'mail', 'email_addr', 'subscriber email'];
const PHONE = [
  'phone',
  'phone number',
  'mobile',
  'mobile number',
  'mobile phone',
  'cell',
  'cell phone',
  'cellphone',
  'msisdn',
  'sms number',
  'telephone',
  'tel',
  'from number',
  'sender',
];
const ZIP = ['zip', 'zip code', 'zipcode', 'zip/postal code', 'postal code', 'postcode', 'postal', 'zip5'];
const KEYWORD = ['keyword', 'key word', 'sms keyword', 'text keyword', 'short code keyword', 'kw'];
const MEDIA_BUY = ['media buy id', 'media_buy_id', 'media buy', 'placement id', 'buy id', 'insertion order', 'io id', 'mb id'];
const FIRST = ['first name', 'firstname', 'first', 'given name', 'fname'];
const LAST = ['last name', 'lastname', 'last', 'surname', 'family name', 'lname'];
const EMAIL_OPT = [
  'email opt in',
  'email optin',
  'email opt-in',
  'email consent',
  'opt in email',
  'email subscribe',
  'email permission',
  'accepts email',
  'email marketing',
];
const SMS_OPT = [
  'sms opt in',
  'sms optin',
  'sms opt-in',
  'sms consent',
  'text opt in',
  'opt in sms',
  'mobile opt in',
  'accepts sms',
  'sms marketing',
];

export const KINDS: Record<DatasetKind, KindSpec> = {
  media_buys: {
    kind: 'media_buys',
    label: 'Media plan (media buys)',
    columns: [
      c('media_buy_id', 'id', MEDIA_BUY.concat(['id', 'placement'])),
      c('name', 'text', ['name', 'media buy name', 'placement name', 'description', 'buy name']),
      c('media_type', 'lower', ['media type', 'type', 'media', 'channel type', 'medium']),
      c('market', 'text', ['market', 'dma', 'region', 'city', 'area']),
      c('keyword', 'keyword', KEYWORD),
      c('start_date', 'date', ['start date', 'start', 'flight start', 'begin date', 'from']),
      c('end_date', 'date', ['end date', 'end', 'flight end', 'to']),
    ],
    required: ['media_buy_id'],
    oneOf: [],
    oneOfPerRow: false,
    key: 'media_buy_id',
  },
  spend: {
    kind: 'spend',
    label: 'Media spend',
    columns: [
      c('date', 'date', [
        'date',
        'day',
        'spend date',
        'week',
        'week of',
        'period',
        'week start',
        'reporting date',
        'reporting starts',
        'datum',
        'tag',
        'berichtsstart',
        'fecha',
        'dia',
        'día',
        'jour',
      ]),
      c('media_buy_id', 'id', MEDIA_BUY),
      c('keyword', 'keyword', KEYWORD),
      c('amount', 'money', [
        'amount',
        'cost',
        'spend',
        'spent',
        'total cost',
        'media cost',
        'net cost',
        'gross cost',
        'amount spent',
        'cost usd',
        'kosten',
        'betrag',
        'ausgaben',
        'ausgegebener betrag',
        'coste',
        'importe',
        'importe gastado',
        'gasto',
        'coût',
        'cout',
        'montant',
        'montant dépensé',
        'dépenses',
      ]),
      c('currency', 'currency', ['currency', 'currency code', 'cur']),
      c('impressions', 'count', ['impressions', 'impr', 'imps', 'impr.', 'impressionen', 'impresiones']),
      c('clicks', 'count', ['clicks', 'link clicks', 'klicks', 'link-klicks', 'clics', 'clics sur un lien']),
    ],
    required: ['date', 'amount'],
    oneOf: [['media_buy_id', 'keyword']],
    oneOfPerRow: false,
  },
  entries: {
    kind: 'entries',
    label: 'Contest entries',
    columns: [
      c('entry_id', 'id', ['entry id', 'entry_id', 'id', 'registration id', 'submission id', 'response id', 'message id']),
      c('entered_at', 'timestamp', [
        'entered at',
        'date entered',
        'entry date',
        'timestamp',
        'created at',
        'created',
        'submitted at',
        'submission date',
        'date',
        'received at',
        'date time',
        'datetime',
      ]),
      c('channel', 'lower', ['channel', 'entry channel', 'entry method', 'method']),
      c('keyword', 'keyword', KEYWORD),
      c('media_buy_id', 'id', MEDIA_BUY),
      c('source', 'text', [
        'source',
        'utm campaign',
        'utm_campaign',
        'campaign',
        'landing page',
        'landing page code',
        'lp code',
        'referrer code',
        'promo source',
      ]),
      c('email', 'email', EMAIL),
      c('phone', 'phone', PHONE),
      c('first_name', 'text', FIRST),
      c('last_name', 'text', LAST),
      c('zip', 'zip', ZIP),
      c('age', 'age', ['age', 'age years', 'your age']),
      c('product_affinity', 'text', [
        'product affinity',
        'affinity',
        'favorite product',
        'product interest',
        'interest',
        'favourite product',
      ]),
      c('purchase_timeframe', 'text', [
        'purchase timeframe',
        'timeframe',
        'purchase time frame',
        'when will you buy',
        'purchase intent',
        'buying timeframe',
      ]),
      c('email_opt_in', 'bool', EMAIL_OPT),
      c('sms_opt_in', 'bool', SMS_OPT),
      c('coupon_code', 'keyword', [
        'coupon code',
        'coupon',
        'promo code',
        'offer code',
        'instant win code',
        'code',
        'voucher',
        'voucher code',
      ]),
    ],
    required: ['entered_at'],
    oneOf: [['email', 'phone']],
    oneOfPerRow: true,
    key: 'entry_id',
  },
  redemptions: {
    kind: 'redemptions',
    label: 'Coupon redemptions',
    columns: [
      c('redemption_id', 'id', ['redemption id', 'transaction id', 'txn id', 'receipt id', 'receipt number', 'order id', 'id']),
      c('redeemed_at', 'timestamp', [
        'redeemed at',
        'redemption date',
        'date redeemed',
        'transaction date',
        'order date',
        'date',
        'timestamp',
        'sale date',
      ]),
      c('coupon_code', 'keyword', [
        'coupon code',
        'coupon',
        'promo code',
        'offer code',
        'code',
        'voucher',
        'voucher code',
        'discount code',
      ]),
      c('store_id', 'id', ['store id', 'store', 'store number', 'location id', 'store #', 'location', 'site id']),
      c('order_amount', 'money', [
        'order amount',
        'order total',
        'total',
        'sale amount',
        'transaction amount',
        'basket total',
        'amount',
        'revenue',
        'sales',
      ]),
      c('discount_amount', 'money', ['discount amount', 'discount', 'coupon value', 'savings', 'markdown']),
    ],
    required: ['redeemed_at', 'coupon_code'],
    oneOf: [],
    oneOfPerRow: false,
    key: 'redemption_id',
  },
  stores: {
    kind: 'stores',
    label: 'Stores',
    columns: [
      c('store_id', 'id', ['store id', 'store', 'store number', 'location id', 'store #', 'id', 'site id']),
      c('name', 'text', ['name', 'store name', 'location name']),
      c('zip', 'zip', ZIP),
      c('lat', 'latlon', ['lat', 'latitude']),
      c('lon', 'latlon', ['lon', 'lng', 'long', 'longitude']),
      c('market', 'text', ['market', 'dma', 'region', 'district']),
    ],
    required: ['store_id'],
    oneOf: [],
    oneOfPerRow: false,
    key: 'store_id',
  },
  contacts: {
    kind: 'contacts',
    label: 'Contact list',
    columns: [
      c('email', 'email', EMAIL),
      c('phone', 'phone', PHONE),
      c('first_name', 'text', FIRST),
      c('last_name', 'text', LAST),
      c('zip', 'zip', ZIP),
      c('email_opt_in', 'bool', EMAIL_OPT.concat(['opt in', 'optin', 'subscribed', 'subscriber status'])),
      c('sms_opt_in', 'bool', SMS_OPT),
      c('source', 'text', ['source', 'list', 'list name', 'signup source', 'acquisition source']),
      c('opted_in_at', 'timestamp', [
        'opted in at',
        'opt in date',
        'optin time',
        'subscribed at',
        'consent timestamp',
        'email marketing consent timestamp',
      ]),
    ],
    required: [],
    oneOf: [['email', 'phone']],
    oneOfPerRow: true,
  },
  message_events: {
    kind: 'message_events',
    label: 'Message outcomes (delivery and engagement events)',
    columns: [
      c('occurred_at', 'timestamp', [
        'occurred at',
        'timestamp',
        'time',
        'event time',
        'event date',
        'date',
        'datetime',
        'date time',
        'created at',
        'sent date',
        'date sent',
      ]),
      c('event', 'event', ['event', 'event type', 'status', 'message status', 'action', 'activity', 'outcome']),
      c('channel', 'lower', ['channel', 'medium', 'message type']),
      // The recipient: an email address or a phone number (the channel, or the value itself, says which).
      c('address', 'text', ['address', 'recipient', 'to', 'email', 'email address', 'e-mail', 'phone', 'phone number', 'mobile', 'msisdn']),
      c('push_id', 'id', ['push id', 'ace push id', 'push']),
      c('message_id', 'id', ['message id', 'batch id', 'idempotency key', 'message sid', 'sid', 'sg message id', 'smtp id']),
      c('event_id', 'id', ['event id', 'sg event id', 'event uuid']),
      c('reason', 'text', ['reason', 'error', 'error message', 'bounce reason', 'error code', 'response']),
      c('url', 'text', ['url', 'link', 'clicked url', 'clicked link']),
    ],
    required: ['occurred_at', 'event', 'address'],
    oneOf: [],
    oneOfPerRow: false,
    key: 'event_id',
  },
  optouts: {
    kind: 'optouts',
    label: 'Opt-outs (suppressions)',
    columns: [
      c('channel', 'lower', ['channel', 'type', 'opt out type', 'medium', 'list']),
      c('address', 'text', [
        'address',
        'email or phone',
        'contact',
        'recipient',
        'email',
        'phone',
        'mobile',
        'email address',
        'phone number',
        'mobile number',
        'msisdn',
      ]),
      c('opted_out_at', 'timestamp', [
        'opted out at',
        'opt out date',
        'unsubscribed at',
        'unsubscribe date',
        'date',
        'timestamp',
        'created at',
        'suppressed at',
      ]),
      c('reason', 'text', ['reason', 'opt out reason', 'unsubscribe reason', 'keyword', 'message']),
      c('feedback', 'text', ['feedback', 'comment', 'comments']),
    ],
    required: ['channel', 'address'],
    oneOf: [],
    oneOfPerRow: false,
  },
};
