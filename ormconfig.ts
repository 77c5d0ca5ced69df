// The TypeORM CLI loads this file with ts-node; the migrations import through the @kanri/* path aliases.
import 'tsconfig-paths/register';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from './libs/common/src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/** The DataSource for the TypeORM CLI (`npm run migration:run`, `npm run migration:generate -- src/database/migrations/<name>`). */
export default new DataSource(
  dataSourceOptions(loadAppConfig().database, [
    __dirname + '/src/**/*.entity.ts',
    __dirname + '/libs/**/*.entity.ts',
  ]),
);
