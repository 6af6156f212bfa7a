import type { SeedStore } from './types.ts';

/**
 * Bella Teh, an Indonesian tea shop run over WhatsApp (seed 003): teas with
 * cost prices and reorder levels, two of them the seed's own (Teh Hijau
 * Organik: Rp 50.000, cost 20.000, 100 in stock, reorder at 20; Teh Putih
 * Premium: Rp 75.000, cost 30.000, 50 in stock, reorder at 15), and the
 * seed's two chat customers, whose orders make Ahmad a regular and Siti a VIP.
 *
 * Currency IDR, counted in ISO 4217 minor units (2 decimals, as Stripe does),
 * so Rp 50.000 is 50_000_00. Tax 1200 bps: PPN 12 %, added at checkout.
 */
const IMAGES = 'https://images.example.com/bella-teh';
const AHMAD = 'ahmad@example.com';
const SITI = 'siti@example.com';

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
    // Mails to buyers and subscribers are written in the store's language.
    language: 'id',
    mailReplyTo: 'halo@bellateh.test',
    catalogCacheMaxAgeSeconds: 120,
    lowStockThreshold: 10,
    reservationTtlMinutes: 120,
    paymentMethods: ['bank_transfer', 'cod'],
    bankTransferInstructions: 'Transfer ke BCA 000-000-0000 a.n. Bella Teh Indonesia, cantumkan nomor pesanan.',
    // Rp 1.000.000 spent makes a VIP, whatever the number of orders.
    vipTotalSpent: 1_000_000_00,
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
    { name: 'Ahmad', email: AHMAD, phone: '+6281234567891', channelIds: { whatsapp: '+6281234567891' } },
    { name: 'Siti', email: SITI, phone: '+6281234567892', channelIds: { whatsapp: '+6281234567892' } },
  ],

  // Ahmad's two paid orders make him a regular, Siti's spending (over vipTotalSpent) a VIP: seed 003's segments.
  orders: [
    {
      email: AHMAD,
      shipTo: buyer('Ahmad', 'Jl. Kemang Raya No. 12', '12730', '+6281234567891'),
      items: [
        ['BT-HIJAU-100', 2],
        ['BT-MELATI-100', 1],
      ],
      shippingRate: 'Reguler',
      paymentMethod: 'bank_transfer',
      outcome: 'delivered',
      carrier: 'JNE',
    },
    {
      email: AHMAD,
      shipTo: buyer('Ahmad', 'Jl. Kemang Raya No. 12', '12730', '+6281234567891'),
      items: [['BT-HIJAU-250', 1]],
      shippingRate: 'Same Day Jakarta',
      paymentMethod: 'cod',
      outcome: 'shipped',
      carrier: 'GoSend',
    },
    {
      email: SITI,
      shipTo: buyer('Siti', 'Jl. Cikini Raya No. 45', '10330', '+6281234567892'),
      items: [['BT-PUTIH', 8]],
      shippingRate: 'Reguler',
      paymentMethod: 'bank_transfer',
      outcome: 'delivered',
      carrier: 'JNE',
    },
    {
      email: SITI,
      shipTo: buyer('Siti', 'Jl. Cikini Raya No. 45', '10330', '+6281234567892'),
      items: [['BT-OOLONG-100', 5]],
      shippingRate: 'Reguler',
      paymentMethod: 'bank_transfer',
      outcome: 'paid',
    },
    {
      email: 'dewi.lestari@example.com',
      shipTo: buyer('Dewi Lestari', 'Jl. Sabang No. 8', '10340'),
      items: [['BT-PUTIH', 1]],
      shippingRate: 'Reguler',
      paymentMethod: 'bank_transfer',
      outcome: 'cancelled',
      reason: 'Pembeli membatalkan lewat WhatsApp.',
    },
    {
      email: 'budi.santoso@example.com',
      shipTo: buyer('Budi Santoso', 'Jl. Tebet Raya No. 21', '12810'),
      items: [['BT-OOLONG-100', 1]],
      shippingRate: 'Reguler',
      paymentMethod: 'bank_transfer',
      outcome: 'refunded',
      carrier: 'JNE',
      reason: 'Kemasan rusak saat tiba.',
    },
    {
      email: 'rina.putri@example.com',
      shipTo: buyer('Rina Putri', 'Jl. Senopati No. 5', '12190'),
      items: [['BT-HIJAU-100', 1]],
      shippingRate: 'Reguler',
      paymentMethod: 'cod',
      outcome: 'pending',
    },
  ],
  // Seed 003's chat commerce: Siti asks on WhatsApp (she is matched by her number), staff answer, and a
  // new number writes in and becomes a customer.
  conversations: [
    {
      phone: '+6281234567892',
      name: 'Siti',
      messages: [
        { from: 'customer', text: 'Halo kak, teh melati 100 g masih ada?' },
        { from: 'staff', text: 'Halo Siti, masih ada kak. Mau pesan berapa?' },
        { from: 'customer', text: 'Dua ya kak, dikirim ke alamat biasa.' },
      ],
    },
    {
      phone: '+6281300000077',
      name: 'Dewi',
      messages: [{ from: 'customer', text: 'Selamat siang, apakah ada teh hijau tanpa gula?' }],
    },
  ],
  // PPN as a tax rate of Indonesia (the flat 1200 bps stays for other destinations), and a code
  // that takes Rp 15.000 off a first order of Rp 100.000 or more.
  selling: {
    taxRates: [{ country: 'ID', name: 'PPN', percentage: 12 }],
    promotions: [
      {
        name: 'Pelanggan baru: potongan Rp 15.000',
        method: 'code',
        type: 'fixed_amount',
        amounts: { IDR: 15_000_00 },
        minSubtotals: { IDR: 100_000_00 },
        firstOrderOnly: true,
        codes: ['TEHBARU'],
      },
    ],
  },
};

/** A buyer's address in Jakarta. */
function buyer(name: string, line1: string, postalCode: string, phone?: string) {
  return { name, line1, city: 'Jakarta', region: 'DKI Jakarta', postalCode, country: 'ID', phone };
}
