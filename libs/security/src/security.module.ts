import { Global, Module } from '@nestjs/common';
import { FieldCipher } from './field-cipher';
import { PasswordHasher } from './password-hasher';

@Global()
@Module({ providers: [PasswordHasher, FieldCipher], exports: [PasswordHasher, FieldCipher] })
export class SecurityModule {}
