import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IdentityDto } from './contact.dto';
import { CONTACT_IDENTITY_TYPES, type ContactIdentityType } from './contact-identity-value';
import { MergeDto } from './merge.dto';

export class AddContactIdentityDto {
  @ApiProperty({ enum: CONTACT_IDENTITY_TYPES })
  @IsIn(CONTACT_IDENTITY_TYPES, { message: 'type must be email or phone' })
  type!: ContactIdentityType;

  @ApiProperty({
    example: 'ann.lee@example.com',
    description:
      'an email address (stored trimmed and lower-cased) or a phone number with its country code (stored as + and digits)',
  })
  @IsString({ message: 'value must be a string' })
  @MaxLength(320, { message: 'value must be at most 320 characters' })
  value!: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'whether the customer proved they own it (e.g. answered a code sent there). A verified value another contact also holds verified merges the two automatically',
  })
  @IsOptional()
  @IsBoolean({ message: 'verified must be true or false' })
  verified?: boolean;
}

export class ContactIdentityResultDto {
  @ApiProperty({ type: IdentityDto }) identity!: IdentityDto;

  @ApiProperty({
    format: 'uuid',
    description: 'the contact that holds the identity now: the other contact when this one was merged into it',
  })
  contactId!: string;

  @ApiProperty({
    type: MergeDto,
    nullable: true,
    description: 'the automatic merge the verified value caused (undo it with the un-merge route), or null',
  })
  merge!: MergeDto | null;
}
