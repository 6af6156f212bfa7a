import { variantLabel as labelOf } from '../pricing/pricing';

/**
 * @deprecated The pricing fragments live in services/pricing/pricing.ts now.
 * inventory/stock.ts (converted separately) still reads the label here;
 * once it calls `variantLabel('v')` from there, delete this file.
 */
export const variantLabel = labelOf('v');
