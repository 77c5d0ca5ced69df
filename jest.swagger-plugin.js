// The @nestjs/swagger CLI plugin for ts-jest, with the options `nest build` uses (nest-cli.json), so the
// document the tests see is the one the built server serves (test/openapi-document.e2e-spec.ts checks it).
const { join } = require('node:path');
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require(join(__dirname, 'nest-cli.json'));

const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports.name = 'kanri-nestjs-swagger-plugin';
// Bump when the options change so ts-jest's cache is not reused.
module.exports.version = 1;
module.exports.factory = (tsCompiler) => plugin.before(options, tsCompiler.program);
