import { homeFor, menuFor } from './menu';

describe('the role-aware menu', () => {
  it('shows a reception officer the desk first, and never the agency inbox', () => {
    const paths = menuFor(['reception-officer']).map((e) => e.path);
    expect(paths[0]).toBe('/desk');
    expect(paths).not.toContain('/inbox');
    expect(homeFor(['reception-officer'])).toBe('/desk');
  });
  it('shows a provincial leader only the reports and the what-if', () => {
    expect(menuFor(['provincial-leader']).map((e) => e.path)).toEqual(['/reports', '/what-if']);
  });
  it('sends an agency officer to the inbox', () => {
    expect(homeFor(['agency-officer'])).toBe('/inbox');
  });
});
