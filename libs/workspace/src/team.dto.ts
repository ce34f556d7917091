import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '@scrm/database';

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: WorkspaceRole;
}

export class InvitedMemberDto extends MemberDto {
  @ApiPropertyOptional({ description: 'for a new account only: its first password, shown once' })
  temporaryPassword?: string;
}

export class InviteMemberDto {
  @ApiProperty({ example: 'li.lei@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ example: '李雷' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES as string[], { message: `role must be one of ${WORKSPACE_ROLES.join(', ')}` })
  role!: WorkspaceRole;
}

export class UpdateMemberDto {
  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES as string[], { message: `role must be one of ${WORKSPACE_ROLES.join(', ')}` })
  role!: WorkspaceRole;
}
