import { IntersectionType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { MAX_PAGE, PageQuery } from './page.query';

class SomeFilters {
  @IsOptional()
  @IsString()
  q?: string;
}

/** A list whose filters are shared with an export, as the users, audit and certificate lists are. */
class SomeListQuery extends IntersectionType(SomeFilters, PageQuery) {}

const check = (query: Record<string, string>) => {
  const dto = plainToInstance(SomeListQuery, query);
  return {
    dto,
    problems: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property),
  };
};

describe('PageQuery', () => {
  it('reads page and perPage from the query string as numbers, beside the filters', () => {
    const { dto, problems } = check({ q: '田中', page: '2', perPage: '50' });
    expect(problems).toEqual([]);
    expect(dto).toMatchObject({ q: '田中', page: 2, perPage: 50 });
  });

  it('leaves both out when not given (the list applies page 1, 25 rows)', () => {
    expect(check({}).problems).toEqual([]);
  });

  it.each([
    ['page', '0'],
    ['page', '1.5'],
    ['page', 'abc'],
    ['page', String(MAX_PAGE + 1)],
    ['perPage', '30'],
    ['perPage', '1000'],
  ])('refuses %s=%s', (field, value) => {
    expect(check({ [field]: value }).problems).toEqual([field]);
  });

  it('serves the deepest page allowed', () => {
    expect(check({ page: String(MAX_PAGE) }).problems).toEqual([]);
  });
});
