export * from './get-kpis.js';
export { figureCtes, kpisSql, OVERALL, type FigureScope } from './figures-sql.js';
export { resolveScope } from './scope.js';
