export { createDispatcher, type Dispatch } from './dispatcher';
export { AceError } from './errors';
export { Session, type SessionOptions } from './session';
export { defaultDataDir, appVersion } from './paths';
