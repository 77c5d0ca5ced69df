import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';

export const PER_PAGE_CHOICES = [25, 50, 100] as const;

export class ListAccountsQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ enum: PER_PAGE_CHOICES, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsIn(PER_PAGE_CHOICES)
  perPage?: number;
}
