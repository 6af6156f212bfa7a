import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewText, viewOf } from '../../db/sql/views';
import { lockStoreScope, requireRow, setList } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import { CategoryListSchema, CategorySchema } from '../../schemas/admin-taxonomy';
import { type AuditContext, auditEntry } from '../audit';
import { catalogWrite } from './catalog-errors';

/**
 * A store's category tree. A parent must be a category of the same store and
 * never the category itself or one of its descendants. Tree changes of a
 * store are serialised by a transaction-scoped advisory lock, so two moves at
 * once (A under B, B under A) cannot both pass the cycle check.
 */

export interface CategoryFields {
  slug?: string;
  name?: string;
  description?: string | null;
  parentId?: string | null;
  position?: number;
}

const NO_CATEGORY = 'This store has no category with that id.';
const CATEGORY_COLUMNS = {
  slug: 'slug',
  name: 'name',
  description: 'description',
  parentId: 'parent_id',
  position: 'position',
} as const;

/** Category alias `c` as staff see it, with how many products it holds directly. */
export const categoryView = defineView(
  CategorySchema,
  (_c: 'c') => sql`json_build_object(
    'id', c.id, 'parentId', c.parent_id, 'slug', c.slug, 'name', c.name, 'description', c.description,
    'position', c.position, 'productCount', (SELECT count(*) FROM product_categories pc WHERE pc.category_id = c.id),
    'createdAt', c.created_at, 'updatedAt', c.updated_at)`,
);

/** Every category of store `storeId`, flat, in display order, as `{data: [...]}`. */
export const categoryListView = defineView(
  CategoryListSchema,
  (storeId: SQL) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${categoryView.json('c')} ORDER BY c.position, c.name, c.id)
    FROM categories c
    WHERE c.store_id = ${storeId}), '[]'))`,
);

type Category = ViewValue<typeof categoryView>;

function categoryStatement(storeId: string, categoryId: string): Statement<ViewRow<Category>> {
  return viewOf(categoryView.json('c'), sql`categories c WHERE c.id = ${categoryId} AND c.store_id = ${storeId}`);
}

function lockTree(storeId: string): SQL {
  return lockStoreScope('category-tree', storeId);
}

/** Stops the batch unless `parentId` is one of the store's categories and not `categoryId` or below it. */
function checkParent(storeId: string, categoryId: string, parentId: string): SQL[] {
  return [
    sql`SELECT api_error('validation_failed', 'This store has no category with that id.', 'parentId')
      WHERE NOT EXISTS (SELECT 1 FROM categories WHERE id = ${parentId} AND store_id = ${storeId})`,
    sql`WITH RECURSIVE ancestors AS (
        SELECT id, parent_id FROM categories WHERE id = ${parentId}
        UNION SELECT c.id, c.parent_id FROM categories c JOIN ancestors a ON c.id = a.parent_id)
      SELECT api_error('validation_failed', 'A category cannot be moved under itself or one of its descendants.', 'parentId')
      WHERE EXISTS (SELECT 1 FROM ancestors WHERE id = ${categoryId})`,
  ];
}

/** Every category of the store, flat, in display order (parents before children at each level is not implied). */
export async function listCategories(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof categoryListView>> }>(
      sql`SELECT (${categoryListView.json(sql`${storeId}::uuid`)})::text AS json`,
    ),
  );
  return row!.json;
}

/** Creates a category, at the top level or under a parent; last among its siblings unless a position is given. */
export async function createCategory(
  db: Database,
  context: AuditContext,
  input: CategoryFields & { slug: string; name: string },
) {
  const id = uuidv7();
  const { storeId } = context;
  const parentId = input.parentId ?? null;
  const position =
    input.position ??
    sql`(SELECT coalesce(max(position) + 1, 0)
      FROM categories
      WHERE store_id = ${storeId} AND parent_id IS NOT DISTINCT FROM ${parentId}::uuid)`;
  const { view } = await catalogWrite(
    runBatch(db, {
      lock: lockTree(storeId),
      parent: parentId ? checkParent(storeId, id, parentId) : [],
      insert: sql`INSERT INTO categories (id, store_id, parent_id, slug, name, description, position)
        VALUES (${id}, ${storeId}, ${parentId}, ${input.slug}, ${input.name}, ${input.description ?? null}, ${position})`,
      audit: auditEntry(context, 'category.created', { type: 'category', id }, { after: input }),
      view: categoryStatement(storeId, id),
    }),
  );
  return viewText(view, NO_CATEGORY);
}

/** Renames, describes, reorders or moves a category; a move that would make a cycle is a 422 and changes nothing. */
export async function updateCategory(db: Database, context: AuditContext, categoryId: string, changes: CategoryFields) {
  const { storeId } = context;
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('categories', categoryId, storeId, NO_CATEGORY),
      lock: lockTree(storeId),
      parent: changes.parentId ? checkParent(storeId, categoryId, changes.parentId) : [],
      update: sql`UPDATE categories SET ${setList(changes, CATEGORY_COLUMNS, [sql`updated_at = now()`])}
        WHERE id = ${categoryId} AND store_id = ${storeId}`,
      audit: auditEntry(context, 'category.updated', { type: 'category', id: categoryId }, { after: changes }),
      view: categoryStatement(storeId, categoryId),
    }),
  );
  return viewText(view, NO_CATEGORY);
}

/** Deletes a category: its children move to the top level and its products stay, without it (seed 004). */
export async function deleteCategory(db: Database, context: AuditContext, categoryId: string): Promise<void> {
  await runBatch(db, {
    exists: requireRow('categories', categoryId, context.storeId, NO_CATEGORY),
    lock: lockTree(context.storeId),
    delete: sql`DELETE FROM categories WHERE id = ${categoryId} AND store_id = ${context.storeId}`,
    audit: auditEntry(context, 'category.deleted', { type: 'category', id: categoryId }, {}),
  });
}
