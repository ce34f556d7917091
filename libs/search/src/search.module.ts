import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Full-text search over messages and contacts (`GET /api/v1/search`). */
@Module({ controllers: [SearchController], providers: [SearchRepository, SearchService] })
export class SearchModule {}
