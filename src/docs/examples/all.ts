/**
 * Every whole-body example of the document, by name, in one namespace. Two
 * files exporting one name would make an ambiguous `export *`, which the
 * type-check refuses: a name means one example.
 */
export * from './account-recovery';
export * from './admin-catalog';
export * from './admin-identity';
export * from './admin-inventory';
export * from './admin-taxonomy';
export * from './auth';
export * from './campaign-join';
export * from './campaign-settlement';
export * from './campaigns';
export * from './carts';
export * from './checkout';
export * from './conversations';
export * from './markets';
export * from './customers';
export * from './events';
export * from './newsletter';
export * from './orders';
export * from './payments';
export * from './platform';
export * from './promotions';
export * from './shipping-rates';
export * from './storefront-catalog';
export * from './stores';
export * from './tax-rates';
export * from './webhook-endpoints';
export * from './webhook-events';
