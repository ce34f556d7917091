import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@murmur.local' })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  refreshToken!: string;
}

export class SwitchWorkspaceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'workspaceId must be a UUID' })
  workspaceId!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'access token lifetime in seconds' }) expiresIn!: number;
}

export class MeWorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'agent', 'analyst'] }) role!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', description: 'the workspace this token acts in' }) workspaceId!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'agent', 'analyst'] }) role!: string;
  @ApiProperty({ type: [MeWorkspaceDto] }) workspaces!: MeWorkspaceDto[];
}
