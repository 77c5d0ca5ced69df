import { type AppConfig } from '@kanri/common/config/app-config';
import { FieldCipher } from '@kanri/security/field-cipher';
import { NumberVault } from './number-vault';

function configWith(keys: { id: string; fill: number }[]): AppConfig {
  return {
    fieldKeys: keys.map((k) => ({ id: k.id, key: Buffer.alloc(32, k.fill) })),
  } as unknown as AppConfig;
}

function vaultWith(keys: { id: string; fill: number }[]): NumberVault {
  const config = configWith(keys);
  return new NumberVault(new FieldCipher(config), config);
}

describe('NumberVault', () => {
  const NUMBER = '123456789018';

  it('stores neither the number nor anything that contains it', () => {
    const sealed = vaultWith([{ id: 'k1', fill: 1 }]).seal('org-1', 'rec-1', NUMBER);
    expect(JSON.stringify(sealed)).not.toContain(NUMBER);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.cipher.startsWith('v1.k1.')).toBe(true);
  });

  it('opens what it sealed, but only for the same record', () => {
    const vault = vaultWith([{ id: 'k1', fill: 1 }]);
    const sealed = vault.seal('org-1', 'rec-1', NUMBER);
    expect(vault.open('rec-1', sealed.cipher)).toBe(NUMBER);
    expect(() => vault.open('rec-2', sealed.cipher)).toThrow();
  });

  it('gives the same digest for the same number in one organization and a different one elsewhere', () => {
    const vault = vaultWith([{ id: 'k1', fill: 1 }]);
    const a = vault.seal('org-1', 'rec-1', NUMBER).digest;
    expect(vault.seal('org-1', 'rec-2', NUMBER).digest).toBe(a);
    expect(vault.seal('org-2', 'rec-3', NUMBER).digest).not.toBe(a);
    expect(vault.seal('org-1', 'rec-4', '000000000019').digest).not.toBe(a);
  });

  it('keys the digest: another key gives another digest', () => {
    const one = vaultWith([{ id: 'k1', fill: 1 }]).seal('org-1', 'rec-1', NUMBER).digest;
    const two = vaultWith([{ id: 'k2', fill: 2 }]).seal('org-1', 'rec-1', NUMBER).digest;
    expect(one).not.toBe(two);
  });

  it('during a rotation, finds rows sealed under the old key among the candidates and re-seals under the new one', () => {
    const old = vaultWith([{ id: 'old', fill: 1 }]);
    const sealedOld = old.seal('org-1', 'rec-1', NUMBER);
    const ring = vaultWith([
      { id: 'new', fill: 2 },
      { id: 'old', fill: 1 },
    ]);
    expect(ring.candidateDigests('org-1', NUMBER)).toContain(sealedOld.digest);
    expect(ring.needsReencryption(sealedOld.cipher)).toBe(true);
    const resealed = ring.seal('org-1', 'rec-1', ring.open('rec-1', sealedOld.cipher));
    expect(resealed.keyId).toBe('new');
    expect(ring.needsReencryption(resealed.cipher)).toBe(false);
    expect(ring.candidateDigests('org-1', NUMBER)).toContain(resealed.digest);
    expect(resealed.digest).not.toBe(sealedOld.digest);
  });
});
