export * from './errors';
export * from './events';
export * from './methods';
export * from './pivot';
export * from './roi';
export * from './segments';
export * from './transport';
export * from './types';
