import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** Rows per page a list offers (SPEC §4: 25, 50 or 100). */
export const PER_PAGE_CHOICES = [25, 50, 100] as const;

/**
 * The deepest page a list serves. A page is read with OFFSET, whose cost grows with it; nobody pages a hundred
 * thousand pages deep (a search or a filter finds the row, an export has every row), and a larger number is refused
 * with 400 rather than passed to the database.
 */
export const MAX_PAGE = 100_000;

/**
 * `page` and `perPage` of every paged list, in one place. A list query adds its filters by extending this class, or
 * with `IntersectionType(TheFilters, PageQuery)` when its filters are shared with an export (which has no pages).
 */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ enum: PER_PAGE_CHOICES, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsIn(PER_PAGE_CHOICES)
  perPage?: number;
}
