/** Deliver: pushing segments to a sending service (filled in by the Deliver work). */
export const deliverMethods = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeliverOutputs {}
