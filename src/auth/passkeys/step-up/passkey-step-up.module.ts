import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasskeyStepUp } from './passkey-step-up.entity';
import { StepUpTokens } from './step-up-tokens.service';

/**
 * The step-up tokens alone, so that the confirmation check (a global module) can spend them without importing the
 * whole passkeys module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PasskeyStepUp])],
  providers: [StepUpTokens],
  exports: [StepUpTokens],
})
export class PasskeyStepUpModule {}
