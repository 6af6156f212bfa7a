import { describe, expect, it } from 'vitest';
import { webhookUrlRefusal } from '../../src/services/webhooks/url-policy';

const deployed = { local: false };
const local = { local: true };

describe('webhook URL policy', () => {
  it.each([
    'https://hooks.example.com/commerce',
    'https://hooks.example.com:8443/a/b?c=d',
    'https://93.184.216.34/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://172.32.0.1/hook',
    'https://100.128.0.1/hook',
    'https://xn--bcher-kva.example/hook',
  ])('allows %s', (url) => {
    expect(webhookUrlRefusal(url, deployed)).toBeUndefined();
  });

  it.each([
    ['hooks.example.com/commerce', 'absolute'],
    ['/relative', 'absolute'],
    ['', 'absolute'],
    ['http://hooks.example.com/', 'https'],
    ['ftp://hooks.example.com/', 'https'],
    ['javascript:alert(1)', 'https'],
    ['https://user:pass@hooks.example.com/', 'user name or password'],
    ['https://user@hooks.example.com/', 'user name or password'],
    ['https://localhost/hook', 'localhost'],
    ['https://LOCALHOST./hook', 'localhost'],
    ['https://api.localhost/hook', 'localhost'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://127.1.2.3/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://0x7f.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://10.0.0.8/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://172.31.255.255/hook', 'private'],
    ['https://192.168.1.20/hook', 'private'],
    ['https://100.64.0.1/hook', 'CGNAT'],
    ['https://100.127.255.254/hook', 'CGNAT'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[febf::1]/hook', 'link-local'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[::]/hook', 'unspecified'],
    ['https://[fc00::1]/hook', 'unique-local'],
    ['https://[fd12:3456::1]/hook', 'unique-local'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://[::ffff:10.1.2.3]/hook', 'private'],
    ['https://[::ffff:169.254.169.254]/hook', 'link-local'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, '2048'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(webhookUrlRefusal(url, deployed)).toContain(reason);
  });

  it('allows plain http to this machine only where the Worker runs locally', () => {
    for (const url of ['http://127.0.0.1:8787/hook', 'http://localhost:3000/hook', 'http://[::1]:9000/']) {
      expect(webhookUrlRefusal(url, local)).toBeUndefined();
      expect(webhookUrlRefusal(url, deployed)).toContain('https');
    }
    // Locally too: http elsewhere, and credentials, are still refused.
    expect(webhookUrlRefusal('http://10.0.0.1/hook', local)).toContain('https');
    expect(webhookUrlRefusal('http://hooks.example.com/', local)).toContain('https');
    expect(webhookUrlRefusal('http://user:pw@127.0.0.1/', local)).toContain('user name');
  });
});
