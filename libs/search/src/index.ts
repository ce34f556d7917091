export * from './search.module';
export * from './search.service';
export * from './search.dto';
export { SearchRepository, type MessageSearchFilters } from './search.repository';
export { parseSearchQuery, makeSnippet } from './search-text';
