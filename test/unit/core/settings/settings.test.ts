import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../../main/core/settings/settings.ts';

describe('settings', () => {
  it('has a default for every field', () => {
    assert.equal(DEFAULT_SETTINGS.health.staticWarnDays, 3);
    assert.equal(DEFAULT_SETTINGS.refresh.strategy, 'peer');
    assert.equal(DEFAULT_SETTINGS.refresh.leadMinutes, 60);
    assert.equal(DEFAULT_SETTINGS.refresh.tokenUrl, 'https://platform.claude.com/v1/oauth/token');
    assert.deepEqual(DEFAULT_SETTINGS.notifications.staticWarnDays, [14, 3, 1]);
  });

  it('fills defaults inside a partly written section and keeps unknown keys', () => {
    const s = SettingsSchema.parse({ health: { staticWarnDays: 7 }, fromTheFuture: { a: 1 } });
    assert.equal(s.health.staticWarnDays, 7);
    assert.equal(s.health.renewableWarnMinutes, 0);
    assert.deepEqual(s.fromTheFuture, { a: 1 });
  });

  it('refuses values out of range or of the wrong type', () => {
    assert.equal(SettingsSchema.safeParse({ health: { staticWarnDays: -1 } }).success, false);
    assert.equal(SettingsSchema.safeParse({ refresh: { strategy: 'sometimes' } }).success, false);
    assert.equal(SettingsSchema.safeParse({ refresh: { tokenUrl: 'not a url' } }).success, false);
  });
});
