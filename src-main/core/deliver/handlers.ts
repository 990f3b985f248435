import type { DeliverOutputs } from '../../contract/deliver';
import type { HandlerTable } from '../handlers';

/** The Deliver methods' handlers (spread into the handler table). */
export const deliverHandlers: Pick<HandlerTable, keyof DeliverOutputs> = {};
