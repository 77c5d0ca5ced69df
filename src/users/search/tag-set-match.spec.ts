import { countTagSet, membersHavingAny, type TagSetDeltas, tagSetKey } from './tag-set-match';

describe('members having any of the filter’s tags, from the tag-list counters', () => {
  const sets = [
    { sortKey: '在宅', members: 5 },
    { sortKey: '営業,在宅', members: 3 },
    { sortKey: '開発', members: 7 },
    { sortKey: '営業', members: 2 },
    { sortKey: '在宅勤務', members: 4 },
  ];

  it('counts each member once, whichever of their tags match', () => {
    expect(membersHavingAny(sets, ['在宅'])).toBe(8);
    expect(membersHavingAny(sets, ['営業', '在宅'])).toBe(10);
    expect(membersHavingAny(sets, ['開発', '営業'])).toBe(12);
  });

  it('matches whole tags, not parts of them', () => {
    expect(membersHavingAny(sets, ['在宅勤務'])).toBe(4);
    expect(membersHavingAny(sets, ['勤務'])).toBe(0);
  });

  it('cannot tell when a list was cut to the sort key’s length', () => {
    const long = Array.from({ length: 20 }, (_, i) => `長い属性の名前${String(i).padStart(2, '0')}`).join(
      ',',
    );
    const cut = Array.from(long).slice(0, 191).join('');
    expect(membersHavingAny([...sets, { sortKey: cut, members: 1 }], ['在宅'])).toBeNull();
    expect(membersHavingAny([...sets, { sortKey: cut.slice(0, 190), members: 1 }], ['在宅'])).toBe(8);
  });
});

describe('the key of an organization’s tag list among counter deltas', () => {
  it('tells apart pairs whose texts run together', () => {
    expect(tagSetKey('org-1', '営業')).toBe(tagSetKey('org-1', '営業'));
    expect(tagSetKey('org-1', '営業')).not.toBe(tagSetKey('org-1営', '業'));
    expect(tagSetKey('org-1', '')).not.toBe(tagSetKey('org-', '1'));
  });
});

describe('changes to the tag-list counters', () => {
  it('adds up by organization and list, and nets a list that loses and gains alike', () => {
    const deltas: TagSetDeltas = new Map();
    countTagSet(deltas, 'org-1', '在宅', -1);
    countTagSet(deltas, 'org-1', '営業', 2);
    countTagSet(deltas, 'org-1', '在宅', 1);
    countTagSet(deltas, 'org-2', '営業', 1);
    expect([...deltas.values()]).toEqual([
      { orgId: 'org-1', sortKey: '在宅', delta: 0 },
      { orgId: 'org-1', sortKey: '営業', delta: 2 },
      { orgId: 'org-2', sortKey: '営業', delta: 1 },
    ]);
  });
});
