import type { SeedStore } from './types.ts';

/**
 * Balsamoa, an Argentine clothing brand (seed 004): two categories, sizes
 * S-XXL in display order, eight colours with swatches, 7 hoodies and
 * 3 t-shirts between ARS 30,000 and 55,000 (3 featured), and 21 variants
 * that are sold out, low on stock or well stocked.
 *
 * Currency ARS (2 decimals). Tax 0 bps: Argentine consumer prices already
 * include IVA (21 %), so nothing is added on top at checkout.
 */
const IMAGES = 'https://images.example.com/balsamoa';

export const balsamoa: SeedStore = {
  slug: 'balsamoa',
  name: 'Balsamoa',
  currency: 'ARS',
  taxRateBps: 0,
  timezone: 'America/Argentina/Buenos_Aires',
  contactEmail: 'hola@balsamoa.test',
  contactPhone: '+54 11 5555-0100',
  channels: { instagram: 'balsamoa.ar', whatsapp: '+5491155550100' },
  logoUrl: `${IMAGES}/logo.png`,
  settings: {
    // Mails to buyers and subscribers are written in the store's language.
    language: 'es',
    mailReplyTo: 'hola@balsamoa.test',
    catalogCacheMaxAgeSeconds: 60,
    lowStockThreshold: 3,
    reservationTtlMinutes: 60,
    paymentMethods: ['bank_transfer', 'cod'],
    bankTransferInstructions:
      'Transferí el total al alias BALSAMOA.ROPA (CBU 0000003100000000000001) e indicá el número de pedido.',
  },
  owner: { email: 'owner@balsamoa.test', name: 'Balsamoa Owner' },

  categories: [
    { slug: 'hoodie', name: 'Hoodie', description: 'Buzos con y sin capucha' },
    { slug: 'remera', name: 'Remera', description: 'Remeras de algodón premium' },
  ],

  optionTypes: [
    {
      name: 'Size',
      kind: 'size',
      values: [{ value: 'S' }, { value: 'M' }, { value: 'L' }, { value: 'XL' }, { value: 'XXL' }],
    },
    {
      name: 'Color',
      kind: 'color',
      values: [
        { value: 'Blanco', hex: '#F5F5F5' },
        { value: 'Negro', hex: '#1A1A1A' },
        { value: 'Verde', hex: '#4A5D23' },
        { value: 'Beige', hex: '#D5C7A8' },
        { value: 'Azul', hex: '#1A365D' },
        { value: 'Gris Claro', hex: '#D3D3D3' },
        { value: 'Gris Oscuro', hex: '#4A4A4A' },
        { value: 'Marrón', hex: '#5C4033' },
      ],
    },
  ],

  products: [
    {
      slug: 'hoodie-oversize-essential',
      name: 'Hoodie Oversize Essential',
      description: 'Buzo oversize con capucha y bolsillo canguro, frisa de algodón peinado.',
      featured: true,
      tags: ['hoodie', 'oversize', 'unisex'],
      categories: ['hoodie'],
      images: [
        { url: `${IMAGES}/hoodie-oversize-essential-1.jpg`, alt: 'Hoodie Oversize Essential negro, frente' },
        { url: `${IMAGES}/hoodie-oversize-essential-2.jpg`, alt: 'Hoodie Oversize Essential negro, espalda' },
        { url: `${IMAGES}/hoodie-oversize-essential-3.jpg`, alt: 'Hoodie Oversize Essential gris oscuro' },
      ],
      variants: [
        { sku: 'BAL-HOE-NEG-M', options: { Size: 'M', Color: 'Negro' }, price: 55_000_00, onHand: 12, reorderLevel: 3 },
        { sku: 'BAL-HOE-NEG-L', options: { Size: 'L', Color: 'Negro' }, price: 55_000_00, onHand: 8, reorderLevel: 3 },
        {
          sku: 'BAL-HOE-GOS-L',
          options: { Size: 'L', Color: 'Gris Oscuro' },
          price: 55_000_00,
          onHand: 2,
          reorderLevel: 3,
        },
      ],
    },
    {
      slug: 'hoodie-canguro-clasico',
      name: 'Hoodie Canguro Clásico',
      description: 'El clásico con capucha forrada y cordones planos.',
      featured: true,
      tags: ['hoodie', 'clasico'],
      categories: ['hoodie'],
      images: [
        { url: `${IMAGES}/hoodie-canguro-clasico-1.jpg`, alt: 'Hoodie Canguro Clásico verde' },
        { url: `${IMAGES}/hoodie-canguro-clasico-2.jpg`, alt: 'Hoodie Canguro Clásico beige' },
      ],
      variants: [
        { sku: 'BAL-HCC-VER-M', options: { Size: 'M', Color: 'Verde' }, price: 48_000_00, onHand: 10, reorderLevel: 3 },
        {
          sku: 'BAL-HCC-VER-XL',
          options: { Size: 'XL', Color: 'Verde' },
          price: 48_000_00,
          onHand: 0,
          reorderLevel: 3,
        },
        { sku: 'BAL-HCC-BEI-S', options: { Size: 'S', Color: 'Beige' }, price: 48_000_00, onHand: 15, reorderLevel: 3 },
      ],
    },
    {
      slug: 'buzo-cuello-redondo',
      name: 'Buzo Cuello Redondo',
      description: 'Buzo sin capucha, cuello redondo con ribete.',
      tags: ['buzo', 'sin-capucha'],
      categories: ['hoodie'],
      images: [{ url: `${IMAGES}/buzo-cuello-redondo-1.jpg`, alt: 'Buzo Cuello Redondo gris claro' }],
      variants: [
        {
          sku: 'BAL-BCR-GCL-M',
          options: { Size: 'M', Color: 'Gris Claro' },
          price: 42_000_00,
          onHand: 20,
          reorderLevel: 3,
        },
        { sku: 'BAL-BCR-AZU-L', options: { Size: 'L', Color: 'Azul' }, price: 42_000_00, onHand: 1, reorderLevel: 3 },
      ],
    },
    {
      slug: 'hoodie-zip-urbano',
      name: 'Hoodie Zip Urbano',
      description: 'Campera de frisa con cierre completo y capucha.',
      tags: ['hoodie', 'cierre'],
      categories: ['hoodie'],
      images: [{ url: `${IMAGES}/hoodie-zip-urbano-1.jpg`, alt: 'Hoodie Zip Urbano negro' }],
      variants: [
        { sku: 'BAL-HZU-NEG-L', options: { Size: 'L', Color: 'Negro' }, price: 52_000_00, onHand: 6, reorderLevel: 3 },
        {
          sku: 'BAL-HZU-NEG-XXL',
          options: { Size: 'XXL', Color: 'Negro' },
          price: 52_000_00,
          onHand: 0,
          reorderLevel: 3,
        },
      ],
    },
    {
      slug: 'buzo-crop',
      name: 'Buzo Crop',
      description: 'Buzo corto de frisa liviana, sin capucha.',
      tags: ['buzo', 'crop'],
      categories: ['hoodie'],
      variants: [
        { sku: 'BAL-BCB-BEI-S', options: { Size: 'S', Color: 'Beige' }, price: 39_000_00, onHand: 9, reorderLevel: 3 },
        { sku: 'BAL-BCB-BLA-M', options: { Size: 'M', Color: 'Blanco' }, price: 39_000_00, onHand: 3, reorderLevel: 3 },
      ],
    },
    {
      slug: 'hoodie-frisa-invierno',
      name: 'Hoodie Frisa Invierno',
      description: 'Frisa pesada para el invierno, capucha doble.',
      tags: ['hoodie', 'invierno'],
      categories: ['hoodie'],
      images: [{ url: `${IMAGES}/hoodie-frisa-invierno-1.jpg`, alt: 'Hoodie Frisa Invierno marrón' }],
      variants: [
        {
          sku: 'BAL-HFI-MAR-L',
          options: { Size: 'L', Color: 'Marrón' },
          price: 50_000_00,
          compareAtPrice: 58_000_00,
          onHand: 14,
          reorderLevel: 3,
        },
        {
          sku: 'BAL-HFI-AZU-XL',
          options: { Size: 'XL', Color: 'Azul' },
          price: 50_000_00,
          compareAtPrice: 58_000_00,
          onHand: 7,
          reorderLevel: 3,
        },
      ],
    },
    {
      slug: 'buzo-basico-algodon',
      name: 'Buzo Básico Algodón',
      description: 'Buzo básico de algodón, el de todos los días.',
      tags: ['buzo', 'basico'],
      categories: ['hoodie'],
      variants: [
        { sku: 'BAL-BBA-BLA-S', options: { Size: 'S', Color: 'Blanco' }, price: 35_000_00, onHand: 0, reorderLevel: 3 },
        { sku: 'BAL-BBA-NEG-M', options: { Size: 'M', Color: 'Negro' }, price: 35_000_00, onHand: 25, reorderLevel: 3 },
      ],
    },
    {
      slug: 'remera-premium-algodon',
      name: 'Remera Premium Algodón',
      description: 'Remera de algodón peinado 24/1, costuras reforzadas.',
      featured: true,
      tags: ['remera', 'algodon'],
      categories: ['remera'],
      images: [
        { url: `${IMAGES}/remera-premium-algodon-1.jpg`, alt: 'Remera Premium Algodón blanca' },
        { url: `${IMAGES}/remera-premium-algodon-2.jpg`, alt: 'Remera Premium Algodón negra' },
      ],
      variants: [
        {
          sku: 'BAL-RPA-BLA-M',
          options: { Size: 'M', Color: 'Blanco' },
          price: 32_000_00,
          onHand: 30,
          reorderLevel: 3,
        },
        { sku: 'BAL-RPA-NEG-L', options: { Size: 'L', Color: 'Negro' }, price: 32_000_00, onHand: 2, reorderLevel: 3 },
        { sku: 'BAL-RPA-VER-S', options: { Size: 'S', Color: 'Verde' }, price: 32_000_00, onHand: 11, reorderLevel: 3 },
      ],
    },
    {
      slug: 'remera-oversize-lisa',
      name: 'Remera Oversize Lisa',
      description: 'Remera oversize lisa, hombros caídos.',
      tags: ['remera', 'oversize'],
      categories: ['remera'],
      variants: [
        {
          sku: 'BAL-ROL-GOS-XL',
          options: { Size: 'XL', Color: 'Gris Oscuro' },
          price: 30_000_00,
          onHand: 0,
          reorderLevel: 3,
        },
      ],
    },
    {
      slug: 'remera-logo-bordado',
      name: 'Remera Logo Bordado',
      description: 'Remera con el logo de Balsamoa bordado en el pecho.',
      tags: ['remera', 'logo'],
      categories: ['remera'],
      variants: [
        { sku: 'BAL-RLB-BEI-M', options: { Size: 'M', Color: 'Beige' }, price: 34_000_00, onHand: 5, reorderLevel: 3 },
      ],
    },
  ],

  shippingRates: [
    {
      name: 'Envío estándar',
      description: '3 a 6 días hábiles',
      countries: ['AR'],
      amount: 5_000_00,
      freeOverAmount: 100_000_00,
    },
    { name: 'Envío express CABA y GBA', description: '24 a 48 horas', countries: ['AR'], amount: 9_500_00 },
  ],

  // One order in each state staff meet; Lucía's two paid orders make her a regular.
  orders: [
    {
      email: 'lucia.fernandez@example.com',
      shipTo: buyer('Lucía Fernández', 'Av. Corrientes 1234, piso 5 B', 'C1043AAZ'),
      items: [
        ['BAL-HOE-NEG-M', 1],
        ['BAL-RPA-VER-S', 1],
      ],
      shippingRate: 'Envío estándar',
      paymentMethod: 'bank_transfer',
      outcome: 'delivered',
      carrier: 'Correo Argentino',
    },
    {
      email: 'lucia.fernandez@example.com',
      shipTo: buyer('Lucía Fernández', 'Av. Corrientes 1234, piso 5 B', 'C1043AAZ'),
      items: [['BAL-BBA-NEG-M', 1]],
      shippingRate: 'Envío express CABA y GBA',
      paymentMethod: 'bank_transfer',
      outcome: 'shipped',
      carrier: 'Andreani',
    },
    {
      email: 'martin.gomez@example.com',
      shipTo: buyer('Martín Gómez', 'Av. Santa Fe 2450', 'C1123AAN'),
      items: [['BAL-HCC-VER-M', 1]],
      shippingRate: 'Envío estándar',
      paymentMethod: 'cod',
      outcome: 'paid',
    },
    {
      email: 'sofia.ruiz@example.com',
      shipTo: buyer('Sofía Ruiz', 'Thames 1820', 'C1414DDJ'),
      items: [['BAL-HOE-NEG-L', 1]],
      shippingRate: 'Envío estándar',
      paymentMethod: 'bank_transfer',
      outcome: 'cancelled',
      reason: 'La compradora pidió cancelar: prefería otro talle.',
    },
    {
      email: 'diego.lopez@example.com',
      shipTo: buyer('Diego López', 'Av. Rivadavia 5600', 'C1424CEU'),
      items: [['BAL-HCC-BEI-S', 1]],
      shippingRate: 'Envío estándar',
      paymentMethod: 'bank_transfer',
      outcome: 'refunded',
      carrier: 'Correo Argentino',
      reason: 'Devolvió el buzo: le quedó chico.',
    },
    {
      email: 'camila.torres@example.com',
      shipTo: buyer('Camila Torres', 'Gorriti 4900', 'C1414BJK'),
      items: [['BAL-RPA-VER-S', 2]],
      shippingRate: 'Envío estándar',
      paymentMethod: 'bank_transfer',
      outcome: 'pending',
    },
  ],
  campaigns: [
    {
      sku: 'BAL-HCC-BEI-S',
      name: 'Hoodie canguro beige en grupo',
      description: 'Si se suman 5 compradores antes del cierre, el hoodie canguro beige (S) sale 38.000.',
      price: 38_000_00,
      minParticipants: 5,
      maxParticipants: 12,
      startsInDays: 0,
      days: 5,
      joins: [
        {
          email: 'sofia.gimenez@example.com',
          shipTo: buyer('Sofía Giménez', 'Thames 1850', 'C1414DDJ'),
          shippingRate: 'Envío estándar',
          paymentMethod: 'bank_transfer',
        },
        {
          email: 'mateo.ruiz@example.com',
          shipTo: buyer('Mateo Ruiz', 'Av. Santa Fe 3200, 4 A', 'C1425BGN'),
          shippingRate: 'Envío estándar',
          paymentMethod: 'cod',
        },
      ],
    },
    {
      sku: 'BAL-HOE-NEG-M',
      name: 'Hoodie Oversize negro: preventa en grupo',
      price: 44_000_00,
      minParticipants: 4,
      maxParticipants: 8,
      startsInDays: 1,
      days: 6,
    },
  ],
  // The footer's newsletter box (seed 004's newsletter_suscriptores): two confirmed, one waiting, one gone.
  newsletter: [
    { email: 'lucia.fernandez@example.com', status: 'subscribed', source: 'footer', daysAgo: 40 },
    { email: 'martin.sosa@example.com', status: 'subscribed', source: 'checkout', daysAgo: 12 },
    { email: 'valen.ruiz@example.com', status: 'pending', source: 'footer', daysAgo: 1 },
    { email: 'paula.gomez@example.com', status: 'unsubscribed', source: 'footer', daysAgo: 90 },
  ],
  // Balsamoa also sells to Spain and Portugal, in euros with VAT included (EU style); its
  // t-shirts are in a `reduced` class for the demo. Winter takes 15 % off hoodies by itself, and
  // first-time buyers have a code.
  selling: {
    markets: [
      {
        code: 'eu',
        name: 'Europa',
        currency: 'EUR',
        taxInclusive: true,
        countries: ['ES', 'PT'],
        prices: {
          'hoodie-oversize-essential': 59_00,
          'hoodie-canguro-clasico': 54_00,
          'buzo-cuello-redondo': 49_00,
          'hoodie-zip-urbano': 57_00,
          'buzo-crop': 45_00,
          'hoodie-frisa-invierno': 55_00,
          'buzo-basico-algodon': 42_00,
          'remera-premium-algodon': 32_00,
          'remera-oversize-lisa': 29_00,
          'remera-logo-bordado': 35_00,
        },
        shippingRates: [
          {
            name: 'Envío a Europa',
            description: '7 a 12 días hábiles, por courier',
            countries: ['ES', 'PT'],
            amount: 12_00,
            freeOverAmount: 120_00,
          },
        ],
      },
    ],
    taxRates: [
      { country: 'ES', name: 'IVA', percentage: 21 },
      { country: 'ES', taxClass: 'reduced', name: 'IVA reducido', percentage: 10 },
      { country: 'PT', name: 'IVA', percentage: 23 },
      { country: 'PT', taxClass: 'reduced', name: 'IVA intermédio', percentage: 13 },
    ],
    taxClasses: { 'remera-premium-algodon': 'reduced', 'remera-oversize-lisa': 'reduced' },
    promotions: [
      {
        name: 'Invierno: 15 % en buzos y hoodies',
        method: 'automatic',
        type: 'percentage',
        percentageBps: 1500,
        categories: ['hoodie'],
      },
      {
        name: 'Bienvenida: 10 % en tu primera compra',
        description: 'Un uso por cliente, en su primer pedido.',
        method: 'code',
        type: 'percentage',
        percentageBps: 1000,
        firstOrderOnly: true,
        usageLimitPerCustomer: 1,
        codes: ['BIENVENIDA10'],
      },
      {
        name: 'Envío gratis desde $ 80.000 o 80 €',
        method: 'code',
        type: 'free_shipping',
        minSubtotals: { ARS: 80_000_00, EUR: 80_00 },
        codes: ['ENVIOGRATIS'],
      },
    ],
  },
};

/** A buyer's address in the city of Buenos Aires. */
function buyer(name: string, line1: string, postalCode: string) {
  return { name, line1, city: 'Ciudad Autónoma de Buenos Aires', region: 'CABA', postalCode, country: 'AR' };
}
