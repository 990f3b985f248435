export { createDispatcher, type Dispatch } from './dispatcher';
export { AceError } from './lib/errors';
export { Session, type SessionOptions } from './session';
export { defaultDataDir, appVersion } from './lib/paths';
