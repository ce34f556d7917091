import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppException } from './app.exception';
import { isUuid } from './uuid';

/** Route ids are UUIDs; anything else cannot name a row, so it is a plain 404 like any unknown id. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isUuid(value)) throw AppException.notFound(this.what);
    return value.toLowerCase();
  }
}
