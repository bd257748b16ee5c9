import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors';

/** Codes Apollo itself gives to requests that never reach a resolver; passed through as they are. */
const REQUEST_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

export type ErrorLogger = (error: unknown, formatted: GraphQLFormattedError) => void;

/**
 * The one place where failures become GraphQL errors. Every error leaves with a code in
 * `extensions.code`; anything not understood is an `INTERNAL_SERVER_ERROR` whose message says
 * nothing internal (no Cypher, no stack), and is logged. `messages` words the errors of a code
 * that Apollo itself gives (its `PersistedQueryNotFound` says nothing a person can act on).
 */
export function createFormatError(logInternal: ErrorLogger, messages: Partial<Record<string, string>> = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    if (original instanceof ArgumentValidationError) {
      const details = describeValidation(original.extensions.validationErrors as ValidationLike[] | undefined);
      return {
        ...base,
        message: details.message || 'The input is not valid.',
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: details.field, validationErrors: details.all },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && (REQUEST_CODES.has(code) || (Object.values(ErrorCode) as string[]).includes(code))) {
      return { ...base, message: messages[code] ?? base.message, extensions: { code } };
    }
    logInternal(original, formatted);
    return {
      message: 'Something went wrong on our side; the request was not completed. It has been logged.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

interface ValidationLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationLike[];
}

/** Flattens class-validator's nested errors to `input.field: message` lines. */
function describeValidation(
  errors: ValidationLike[] | undefined,
  prefix = '',
): { message: string; field?: string; all: { field: string; message: string }[] } {
  const all: { field: string; message: string }[] = [];
  const walk = (list: ValidationLike[] | undefined, path: string) => {
    for (const e of list ?? []) {
      const field = path ? `${path}.${e.property}` : e.property;
      for (const m of Object.values(e.constraints ?? {})) all.push({ field, message: m });
      walk(e.children, field);
    }
  };
  walk(errors, prefix);
  return {
    message: all.map((a) => `${a.field}: ${a.message}`).join('; '),
    field: all[0]?.field,
    all,
  };
}
