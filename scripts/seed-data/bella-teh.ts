import type { SeedStore } from './types.ts';

/**
 * Bella Teh, an Indonesian tea shop run over WhatsApp (seed 003): teas with
 * cost prices and reorder levels, two of them the seed's own (Teh Hijau
 * Organik: Rp 50.000, cost 20.000, 100 in stock, reorder at 20; Teh Putih
 * Premium: Rp 75.000, cost 30.000, 50 in stock, reorder at 15), and the
 * seed's two chat customers.
 *
 * Currency IDR, counted in ISO 4217 minor units (2 decimals, as Stripe does),
 * so Rp 50.000 is 50_000_00. Tax 1200 bps: PPN 12 %, added at checkout.
 */
const IMAGES = 'https://images.example.com/bella-teh';

export const bellaTeh: SeedStore = {
  slug: 'bella-teh',
  name: 'Bella Teh Indonesia',
  currency: 'IDR',
  taxRateBps: 1200,
  timezone: 'Asia/Jakarta',
  contactEmail: 'store@bella-teh.test',
  contactPhone: '+62 812-3456-7890',
  channels: { whatsapp: '+6281234567890' },
  logoUrl: `${IMAGES}/logo.png`,
  settings: {
    catalogCacheMaxAgeSeconds: 120,
    lowStockThreshold: 10,
    reservationTtlMinutes: 120,
    paymentMethods: ['bank_transfer', 'cod'],
    bankTransferInstructions: 'Transfer ke BCA 000-000-0000 a.n. Bella Teh Indonesia, cantumkan nomor pesanan.',
  },
  owner: { email: 'owner@bella-teh.test', name: 'Bella Teh Owner' },

  categories: [
    { slug: 'teh-hijau', name: 'Teh Hijau', description: 'Teh hijau dan teh hijau beraroma' },
    { slug: 'teh-putih', name: 'Teh Putih', description: 'Teh putih pilihan' },
    { slug: 'teh-hitam', name: 'Teh Hitam & Oolong', description: 'Teh hitam dan oolong' },
  ],

  optionTypes: [{ name: 'Berat', kind: 'text', values: [{ value: '100 g' }, { value: '250 g' }] }],

  products: [
    {
      slug: 'teh-hijau-organik',
      name: 'Teh Hijau Organik',
      description: 'Daun teh hijau organik dari perkebunan Jawa Barat.',
      featured: true,
      tags: ['teh', 'organic', 'hot-drink'],
      categories: ['teh-hijau'],
      images: [{ url: `${IMAGES}/teh-hijau-organik-1.jpg`, alt: 'Teh Hijau Organik, kemasan 100 g' }],
      variants: [
        {
          sku: 'BT-HIJAU-100',
          options: { Berat: '100 g' },
          price: 50_000_00,
          costPrice: 20_000_00,
          onHand: 100,
          reorderLevel: 20,
        },
        {
          sku: 'BT-HIJAU-250',
          options: { Berat: '250 g' },
          price: 110_000_00,
          costPrice: 45_000_00,
          onHand: 40,
          reorderLevel: 10,
        },
      ],
    },
    {
      slug: 'teh-putih-premium',
      name: 'Teh Putih Premium',
      description: 'Pucuk teh putih yang dipetik dengan tangan.',
      featured: true,
      tags: ['teh', 'premium'],
      categories: ['teh-putih'],
      images: [{ url: `${IMAGES}/teh-putih-premium-1.jpg`, alt: 'Teh Putih Premium' }],
      variants: [{ sku: 'BT-PUTIH', price: 75_000_00, costPrice: 30_000_00, onHand: 50, reorderLevel: 15 }],
    },
    {
      slug: 'teh-melati',
      name: 'Teh Melati',
      description: 'Teh hijau dengan bunga melati.',
      tags: ['teh', 'jasmine', 'hot-drink'],
      categories: ['teh-hijau'],
      variants: [
        {
          sku: 'BT-MELATI-100',
          options: { Berat: '100 g' },
          price: 35_000_00,
          costPrice: 14_000_00,
          onHand: 12,
          reorderLevel: 15,
        },
      ],
    },
    {
      slug: 'teh-hitam-assam',
      name: 'Teh Hitam Assam',
      description: 'Teh hitam Assam yang kuat, cocok dengan susu.',
      tags: ['teh', 'black-tea'],
      categories: ['teh-hitam'],
      variants: [{ sku: 'BT-ASSAM', price: 45_000_00, costPrice: 18_000_00, onHand: 0, reorderLevel: 10 }],
    },
    {
      slug: 'oolong-pegunungan',
      name: 'Oolong Pegunungan',
      description: 'Oolong semi-oksidasi dari dataran tinggi.',
      tags: ['teh', 'oolong'],
      categories: ['teh-hitam'],
      variants: [
        {
          sku: 'BT-OOLONG-100',
          options: { Berat: '100 g' },
          price: 90_000_00,
          costPrice: 38_000_00,
          onHand: 30,
          reorderLevel: 8,
        },
      ],
    },
  ],

  shippingRates: [
    {
      name: 'Reguler',
      description: '2-4 hari kerja',
      countries: ['ID'],
      amount: 15_000_00,
      freeOverAmount: 250_000_00,
    },
    { name: 'Same Day Jakarta', description: 'Dikirim di hari yang sama', countries: ['ID'], amount: 35_000_00 },
  ],

  customers: [
    { name: 'Ahmad', phone: '+6281234567891', segment: 'regular', channelIds: { whatsapp: '+6281234567891' } },
    { name: 'Siti', phone: '+6281234567892', segment: 'vip', channelIds: { whatsapp: '+6281234567892' } },
  ],
};
