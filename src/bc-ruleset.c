/* The ruleset loader: reads a ruleset YAML file (docs/ruleset-format.md)
 * into the model of bc-ruleset.h, validating every key, type, id and
 * reference on the way.
 *
 * libfyaml only tokenises: we pull its events into a small tree of our own
 * that keeps the line and column of every node, because 0.7.12 has no
 * public way to get a node's position from its document tree, and every
 * problem we report must name file:line:column. Building the tree ourselves
 * also lets us bound its depth and refuse anchors and aliases (no "billion
 * laughs" expansion, no shared nodes) before any of it is interpreted.
 *
 * One walk serves both entry points: it records every problem it finds and
 * keeps going. bc_ruleset_load_*() turn the first problem (by position in
 * the file) into a BC_ERROR_RULESET; bc_ruleset_lint() returns them all. */

#include "bc-config.h"

#include <libfyaml.h>
#include <math.h>
#include <string.h>

#include "bc-identify.h"
#include "bc-ruleset.h"

/* a ruleset is a hand-written text file; anything bigger is a mistake */
#define BC_RULESET_MAX_BYTES (4 * 1024 * 1024)
/* the format nests six levels at most (documents > pdf > text > any-of);
 * conditions nest only one level, so this is generous */
#define BC_RULESET_MAX_DEPTH 16
/* lint output stays readable and a hostile file cannot make us allocate a
 * message per byte */
#define BC_RULESET_MAX_PROBLEMS 200
/* see bc_yaml_parse(): works around a libfyaml 0.7.12 scanner bug */
#define BC_RULESET_MAX_QUOTE_RUN 4
/* sanity caps for counts written in the file */
#define BC_RULESET_MAX_COUNT 100000

static gboolean bc_parse_digits (const char *str, gsize len, guint64 *out);

/* ------------------------------------------------------------------------ */
/* A YAML tree with positions */

typedef enum {
  BC_Y_SCALAR,
  BC_Y_MAP,
  BC_Y_SEQ,
} BcYType;

typedef struct _BcYNode BcYNode;
struct _BcYNode {
  BcYType type;
  guint line;      /* 1-based */
  guint column;    /* 1-based */
  char *text;      /* scalar only; NULL for a null (empty, ~, null) */
  GPtrArray *items; /* map: key, value, key, value, ...; seq: items */
};

static void
bc_ynode_free (BcYNode *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  if (node->items != NULL)
    g_ptr_array_unref (node->items);
  g_free (node);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcYNode, bc_ynode_free)

static BcYNode *
bc_ynode_new (BcYType type, guint line, guint column)
{
  BcYNode *node = g_new0 (BcYNode, 1);
  node->type = type;
  node->line = line;
  node->column = column;
  if (type != BC_Y_SCALAR)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_ynode_free);
  return node;
}

static guint
bc_ynode_map_size (const BcYNode *node)
{
  return node->items->len / 2;
}

static BcYNode *
bc_ynode_map_key (const BcYNode *node, guint i)
{
  return g_ptr_array_index (node->items, i * 2);
}

static BcYNode *
bc_ynode_map_value (const BcYNode *node, guint i)
{
  return g_ptr_array_index (node->items, i * 2 + 1);
}

/* the value of KEY in MAP, or NULL when absent (a key whose value is empty
 * gives a scalar node with text NULL, not NULL) */
static BcYNode *
bc_ynode_lookup (const BcYNode *map, const char *key)
{
  if (map == NULL || map->type != BC_Y_MAP)
    return NULL;
  for (guint i = 0; i < bc_ynode_map_size (map); i++) {
    BcYNode *k = bc_ynode_map_key (map, i);
    if (k->text != NULL && g_strcmp0 (k->text, key) == 0)
      return bc_ynode_map_value (map, i);
  }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Problems */

typedef struct {
  guint line;
  guint column;
  guint seq;  /* order found, to keep the sort stable */
  char *message;
} BcProblem;

static void
bc_problem_free (BcProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

typedef struct {
  const char *file;         /* display name */
  GPtrArray *problems;      /* BcProblem* */
  gboolean truncated;
  BcRuleset *ruleset;       /* being built */
} BcLoader;

static void
bc_loader_problem_at (BcLoader *ld, guint line, guint column, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
bc_loader_problem_at (BcLoader *ld, guint line, guint column, const char *format, ...)
{
  va_list args;
  BcProblem *problem;

  if (ld->problems->len >= BC_RULESET_MAX_PROBLEMS) {
    ld->truncated = TRUE;
    return;
  }
  problem = g_new0 (BcProblem, 1);
  problem->line = MAX (line, 1);
  problem->column = MAX (column, 1);
  problem->seq = ld->problems->len;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ld->problems, problem);
}

#define bc_loader_problem(ld, node, ...) \
  bc_loader_problem_at ((ld), (node)->line, (node)->column, __VA_ARGS__)

static gint
bc_problem_cmp (gconstpointer a, gconstpointer b)
{
  const BcProblem *pa = *(const BcProblem *const *) a;
  const BcProblem *pb = *(const BcProblem *const *) b;
  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  if (pa->column != pb->column)
    return pa->column < pb->column ? -1 : 1;
  return pa->seq < pb->seq ? -1 : (pa->seq > pb->seq ? 1 : 0);
}

static char *
bc_loader_format_problem (BcLoader *ld, const BcProblem *problem)
{
  return g_strdup_printf ("%s:%u:%u: %s", ld->file, problem->line, problem->column, problem->message);
}

/* ------------------------------------------------------------------------ */
/* YAML events -> BcYNode */

/* the first YAML error libfyaml reports, taken from its formatted output:
 * 0.7.12 leaks the records of fy_diag_set_collect_errors(), so we read the
 * text it would have printed ("<source>:LINE:COLUMN: error: MESSAGE")
 * instead of letting it reach stderr */
typedef struct {
  gboolean have;
  guint line;
  guint column;
  char *message;
} BcYamlDiag;

static void
bc_yaml_diag_output (struct fy_diag *diag, void *user, const char *buf, size_t len)
{
  BcYamlDiag *yd = user;
  g_autofree char *text = NULL;
  const char *marker;
  const char *p;
  guint64 numbers[2] = { 0, 0 };

  if (yd->have || buf == NULL || len == 0)
    return;
  text = g_strndup (buf, len);
  marker = strstr (text, ": error: ");
  if (marker == NULL)
    return;
  /* walk back over ":COLUMN" and ":LINE" just before the marker */
  p = marker;
  for (gint i = 1; i >= 0; i--) {
    const char *end = p;
    while (p > text && g_ascii_isdigit (p[-1]))
      p--;
    if (p == end || p == text || p[-1] != ':' || !bc_parse_digits (p, end - p, &numbers[i]))
      return;
    p--;
  }
  yd->have = TRUE;
  yd->line = (guint) MIN (numbers[0], G_MAXUINT);
  yd->column = (guint) MIN (numbers[1], G_MAXUINT);
  yd->message = g_strdup (g_strstrip (text + (marker - text) + strlen (": error: ")));
}

static void
bc_yaml_position (const char *data, gsize offset, guint *line, guint *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++) {
    if (data[i] == '\n') {
      (*line)++;
      *column = 1;
    } else if (((guchar) data[i] & 0xC0) != 0x80) {
      (*column)++;
    }
  }
}

static gboolean
bc_yaml_plain_null (const char *text, gsize len)
{
  return len == 0 || (len == 1 && text[0] == '~') ||
         (len == 4 && (memcmp (text, "null", 4) == 0 || memcmp (text, "Null", 4) == 0 ||
                       memcmp (text, "NULL", 4) == 0));
}

/* attach NODE (owned) to the innermost open collection or make it the root */
static void
bc_yaml_attach (GPtrArray *stack, BcYNode **root, BcYNode *node)
{
  if (stack->len == 0) {
    if (*root == NULL)
      *root = node;
    else
      bc_ynode_free (node);
    return;
  }
  g_ptr_array_add (((BcYNode *) g_ptr_array_index (stack, stack->len - 1))->items, node);
}

/* the parser and its diagnostics, torn down together */
typedef struct {
  struct fy_diag *diag;
  struct fy_parser *parser;
  BcYamlDiag first_error;
} BcYamlParser;

static void
bc_yaml_parser_free (BcYamlParser *yp)
{
  if (yp->parser != NULL)
    fy_parser_destroy (yp->parser);
  if (yp->diag != NULL)
    fy_diag_unref (yp->diag);
  g_free (yp->first_error.message);
  g_free (yp);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcYamlParser, bc_yaml_parser_free)

static BcYNode *
bc_yaml_parse (BcLoader *ld, const char *data, gsize len)
{
  struct fy_diag_cfg diag_cfg;
  struct fy_parse_cfg parse_cfg = { 0 };
  struct fy_event *event;
  const char *nul;
  const char *invalid = NULL;
  guint line = 1, column = 1;
  guint n_documents = 0;
  gboolean failed = FALSE;
  g_autoptr(BcYamlParser) yp = g_new0 (BcYamlParser, 1);
  BcYamlDiag *yd = &yp->first_error;
  g_autoptr(BcYNode) root = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  /* a NUL ends libfyaml's input silently and would hide the rest */
  nul = memchr (data, '\0', len);
  if (nul != NULL) {
    bc_yaml_position (data, nul - data, &line, &column);
    bc_loader_problem_at (ld, line, column, "the file contains a NUL byte; a ruleset is UTF-8 text");
    return NULL;
  }
  /* libfyaml turns an invalid UTF-8 scalar into an empty one without a word */
  if (!g_utf8_validate_len (data, len, &invalid)) {
    bc_yaml_position (data, invalid - data, &line, &column);
    bc_loader_problem_at (ld, line, column, "invalid UTF-8; a ruleset is UTF-8 text");
    return NULL;
  }

  /* libfyaml 0.7.12 leaks a buffer, and can return the wrong text, for
   * single-quoted scalars with runs of escaped quotes (found by fuzzing;
   * every leaking input sampled had four or more quote characters in a
   * row); no real ruleset needs that, so such runs are refused before the
   * parser sees them */
  for (gsize i = 0, run = 0; i < len; i++) {
    run = data[i] == '\'' ? run + 1 : 0;
    if (run == BC_RULESET_MAX_QUOTE_RUN) {
      bc_yaml_position (data, i + 1 - run, &line, &column);
      bc_loader_problem_at (ld, line, column, "%u or more quote characters (') in a row are not supported",
                            (guint) BC_RULESET_MAX_QUOTE_RUN);
      return NULL;
    }
  }

  fy_diag_cfg_default (&diag_cfg);
  diag_cfg.fp = NULL;
  diag_cfg.output_fn = bc_yaml_diag_output;
  diag_cfg.user = yd;
  diag_cfg.level = FYET_ERROR;
  diag_cfg.colorize = false;
  diag_cfg.show_position = true;
  yp->diag = fy_diag_create (&diag_cfg);
  if (yp->diag == NULL) {
    bc_loader_problem_at (ld, 1, 1, "cannot create the YAML parser");
    return NULL;
  }
  parse_cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
  parse_cfg.diag = yp->diag;
  yp->parser = fy_parser_create (&parse_cfg);
  if (yp->parser == NULL || fy_parser_set_string (yp->parser, data, len) != 0) {
    bc_loader_problem_at (ld, 1, 1, "cannot create the YAML parser");
    return NULL;
  }

  while (!failed && (event = fy_parser_parse (yp->parser)) != NULL) {
    const struct fy_mark *mark = fy_event_start_mark (event);
    struct fy_token *anchor = NULL;
    struct fy_token *tag = NULL;

    /* a null scalar has no token and no mark: it sits where the last
     * event left off, which is right after its key */
    if (mark != NULL) {
      line = (guint) MAX (mark->line, 0) + 1;
      column = (guint) MAX (mark->column, 0) + 1;
    }
    switch (event->type) {
    case FYET_DOCUMENT_START:
      if (++n_documents > 1) {
        bc_loader_problem_at (ld, line, column, "only one YAML document is allowed in a ruleset");
        failed = TRUE;
      }
      break;
    case FYET_ALIAS:
      bc_loader_problem_at (ld, line, column, "YAML aliases are not supported in rulesets");
      failed = TRUE;
      break;
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START: {
      BcYNode *node;
      if (event->type == FYET_MAPPING_START) {
        anchor = event->mapping_start.anchor;
        tag = event->mapping_start.tag;
      } else {
        anchor = event->sequence_start.anchor;
        tag = event->sequence_start.tag;
      }
      if (anchor != NULL || tag != NULL) {
        bc_loader_problem_at (ld, line, column, "YAML %s are not supported in rulesets",
                              anchor != NULL ? "anchors" : "tags");
        failed = TRUE;
        break;
      }
      if (stack->len >= BC_RULESET_MAX_DEPTH) {
        bc_loader_problem_at (ld, line, column, "nesting deeper than %u levels", (guint) BC_RULESET_MAX_DEPTH);
        failed = TRUE;
        break;
      }
      node = bc_ynode_new (event->type == FYET_MAPPING_START ? BC_Y_MAP : BC_Y_SEQ, line, column);
      bc_yaml_attach (stack, &root, node);
      g_ptr_array_add (stack, node);
      break;
    }
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
      if (stack->len > 0)
        g_ptr_array_remove_index (stack, stack->len - 1);
      break;
    case FYET_SCALAR: {
      BcYNode *node;
      const char *text = NULL;
      size_t text_len = 0;
      if (event->scalar.anchor != NULL || event->scalar.tag != NULL) {
        bc_loader_problem_at (ld, line, column, "YAML %s are not supported in rulesets",
                              event->scalar.anchor != NULL ? "anchors" : "tags");
        failed = TRUE;
        break;
      }
      node = bc_ynode_new (BC_Y_SCALAR, line, column);
      if (event->scalar.value != NULL)
        text = fy_token_get_text (event->scalar.value, &text_len);
      if (text == NULL) {
        node->text = NULL;
      } else if (fy_token_scalar_style (event->scalar.value) == FYSS_PLAIN &&
                 bc_yaml_plain_null (text, text_len)) {
        node->text = NULL;
      } else if (memchr (text, '\0', text_len) != NULL) {
        /* "\0" in a double-quoted string: C strings cannot hold it */
        bc_loader_problem_at (ld, line, column, "a string contains a NUL character");
        bc_ynode_free (node);
        failed = TRUE;
        break;
      } else {
        node->text = g_strndup (text, text_len);
      }
      bc_yaml_attach (stack, &root, node);
      break;
    }
    default:
      break;
    }
    fy_parser_event_free (yp->parser, event);
  }

  if (!failed && (fy_parser_get_stream_error (yp->parser) || fy_diag_got_error (yp->diag))) {
    if (yd->have) {
      /* libfyaml's positions are 1-based already */
      bc_loader_problem_at (ld, yd->line, yd->column, "YAML syntax error: %s", yd->message);
    } else {
      bc_loader_problem_at (ld, line, column, "YAML syntax error");
    }
    failed = TRUE;
  }
  if (failed)
    return NULL;
  if (root == NULL) {
    bc_loader_problem_at (ld, 1, 1, "the ruleset is empty");
    return NULL;
  }
  return g_steal_pointer (&root);
}

/* ------------------------------------------------------------------------ */
/* Model memory */

static void
bc_text_clear (BcText *text)
{
  g_clear_pointer (&text->zh, g_free);
  g_clear_pointer (&text->en, g_free);
}

static void
bc_var_value_free (BcVarValue *value)
{
  g_free (value->id);
  bc_text_clear (&value->name);
  g_strfreev (value->aliases);
  g_free (value);
}

static void
bc_variable_free (BcVariable *variable)
{
  g_free (variable->id);
  bc_text_clear (&variable->name);
  bc_text_clear (&variable->description);
  if (variable->values != NULL)
    g_ptr_array_unref (variable->values);
  g_strfreev (variable->defaults);
  g_free (variable);
}

static void
bc_term_free (BcTerm *term)
{
  g_free (term->variable);
  g_strfreev (term->values);
  g_free (term);
}

static void
bc_clause_free (BcClause *clause)
{
  g_ptr_array_unref (clause->terms);
  g_free (clause);
}

static void
bc_condition_free (BcCondition *condition)
{
  if (condition == NULL)
    return;
  g_ptr_array_unref (condition->clauses);
  g_free (condition);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcCondition, bc_condition_free)

static BcCondition *
bc_condition_new (void)
{
  BcCondition *condition = g_new0 (BcCondition, 1);
  condition->clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_clause_free);
  return condition;
}

static BcClause *
bc_clause_new (void)
{
  BcClause *clause = g_new0 (BcClause, 1);
  clause->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_term_free);
  return clause;
}

static void
bc_text_rule_free (BcTextRule *rule)
{
  g_strfreev (rule->any_of);
  g_free (rule);
}

static void
bc_type_note_free (BcTypeNote *note)
{
  g_free (note->type);
  bc_text_clear (&note->message);
  g_free (note);
}

static void
bc_document_free (BcDocument *document)
{
  g_free (document->id);
  bc_text_clear (&document->name);
  bc_text_clear (&document->description);
  bc_text_clear (&document->hint);
  g_free (document->source);
  g_strfreev (document->fields);
  bc_condition_free (document->required_when);
  bc_condition_free (document->allowed_when);
  g_strfreev (document->types);
  if (document->type_notes != NULL)
    g_ptr_array_unref (document->type_notes);
  g_free (document->share_group);
  if (document->match_all_of != NULL)
    g_ptr_array_unref (document->match_all_of);
  g_strfreev (document->match_none_of);
  g_strfreev (document->pdf.page_sizes);
  if (document->pdf.required_text != NULL)
    g_ptr_array_unref (document->pdf.required_text);
  g_free (document);
}

static void
bc_notice_free (BcNotice *notice)
{
  g_free (notice->code);
  bc_condition_free (notice->when);
  bc_text_clear (&notice->message);
  g_free (notice->source);
  g_free (notice);
}

void
bc_ruleset_free (BcRuleset *ruleset)
{
  if (ruleset == NULL)
    return;
  g_free (ruleset->path);
  g_free (ruleset->name);
  g_free (ruleset->version);
  g_free (ruleset->updated);
  bc_text_clear (&ruleset->title);
  g_free (ruleset->source);
  g_ptr_array_unref (ruleset->variables);
  g_ptr_array_unref (ruleset->documents);
  g_ptr_array_unref (ruleset->notices);
  g_hash_table_unref (ruleset->limits);
  g_free (ruleset);
}

static BcRuleset *
bc_ruleset_new (void)
{
  BcRuleset *ruleset = g_new0 (BcRuleset, 1);
  ruleset->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_variable_free);
  ruleset->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_document_free);
  ruleset->notices = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_notice_free);
  ruleset->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return ruleset;
}

/* ------------------------------------------------------------------------ */
/* Scalars */

static gboolean
bc_is_kebab (const char *str)
{
  gboolean prev_dash = TRUE; /* no leading dash */
  if (str == NULL || str[0] == '\0')
    return FALSE;
  for (const char *p = str; *p != '\0'; p++) {
    if (*p == '-') {
      if (prev_dash)
        return FALSE;
      prev_dash = TRUE;
    } else if (g_ascii_islower (*p) || g_ascii_isdigit (*p)) {
      prev_dash = FALSE;
    } else {
      return FALSE;
    }
  }
  return !prev_dash; /* no trailing dash */
}

static const char *
bc_ynode_kind (const BcYNode *node)
{
  if (node->type == BC_Y_MAP)
    return "a mapping";
  if (node->type == BC_Y_SEQ)
    return "a list";
  if (node->text == NULL || node->text[0] == '\0')
    return "empty";
  return "a string";
}

/* a non-empty string */
static gboolean
bc_y_string (BcLoader *ld, const BcYNode *node, const char *what, char **out)
{
  if (node->type != BC_Y_SCALAR || node->text == NULL || node->text[0] == '\0') {
    bc_loader_problem (ld, node, "%s must be a non-empty string, not %s", what, bc_ynode_kind (node));
    return FALSE;
  }
  *out = g_strdup (node->text);
  return TRUE;
}

/* a kebab-case id: [a-z0-9] words joined by single dashes */
static gboolean
bc_y_id (BcLoader *ld, const BcYNode *node, const char *what, char **out)
{
  g_autofree char *str = NULL;
  if (!bc_y_string (ld, node, what, &str))
    return FALSE;
  if (!bc_is_kebab (str)) {
    bc_loader_problem (ld, node, "%s '%s' is not kebab-case (lower-case a-z, 0-9 and single dashes)", what, str);
    return FALSE;
  }
  *out = g_steal_pointer (&str);
  return TRUE;
}

static gboolean
bc_y_bool (BcLoader *ld, const BcYNode *node, const char *what, gboolean *out)
{
  if (node->type == BC_Y_SCALAR && g_strcmp0 (node->text, "true") == 0) {
    *out = TRUE;
    return TRUE;
  }
  if (node->type == BC_Y_SCALAR && g_strcmp0 (node->text, "false") == 0) {
    *out = FALSE;
    return TRUE;
  }
  bc_loader_problem (ld, node, "%s must be true or false", what);
  return FALSE;
}

static gboolean
bc_parse_digits (const char *str, gsize len, guint64 *out)
{
  guint64 value = 0;
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++) {
    if (!g_ascii_isdigit (str[i]))
      return FALSE;
    if (value > (G_MAXUINT64 - (guint64) (str[i] - '0')) / 10)
      return FALSE;
    value = value * 10 + (guint64) (str[i] - '0');
  }
  *out = value;
  return TRUE;
}

/* a whole number in [MIN, MAX] */
static gboolean
bc_y_uint (BcLoader *ld, const BcYNode *node, const char *what, guint64 min, guint64 max, guint64 *out)
{
  guint64 value = 0;
  if (node->type != BC_Y_SCALAR || node->text == NULL ||
      !bc_parse_digits (node->text, strlen (node->text), &value)) {
    bc_loader_problem (ld, node, "%s must be a whole number", what);
    return FALSE;
  }
  if (value < min || value > max) {
    bc_loader_problem (ld, node, "%s must be between %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT ", not %s",
                       what, min, max, node->text);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

/* a byte count: digits with an optional K, M or G suffix (1024-based) */
static gboolean
bc_parse_size (const char *str, guint64 *out)
{
  gsize len = strlen (str);
  guint64 multiplier = 1;
  guint64 value = 0;
  if (len > 0) {
    switch (str[len - 1]) {
    case 'K':
    case 'k':
      multiplier = 1024;
      break;
    case 'M':
    case 'm':
      multiplier = 1024 * 1024;
      break;
    case 'G':
    case 'g':
      multiplier = 1024 * 1024 * 1024;
      break;
    default:
      break;
    }
    if (multiplier != 1)
      len--;
  }
  if (!bc_parse_digits (str, len, &value))
    return FALSE;
  if (value > G_MAXUINT64 / multiplier)
    return FALSE;
  *out = value * multiplier;
  return TRUE;
}

static gboolean
bc_y_size (BcLoader *ld, const BcYNode *node, const char *what, guint64 *out)
{
  if (node->type == BC_Y_SCALAR && node->text != NULL && bc_parse_size (node->text, out))
    return TRUE;
  /* all digits (with a valid suffix) yet unparsable means overflow */
  if (node->type == BC_Y_SCALAR && node->text != NULL && node->text[0] != '\0' &&
      strspn (node->text, "0123456789") >= strlen (node->text) - 1 &&
      strchr ("0123456789KkMmGg", node->text[strlen (node->text) - 1]) != NULL) {
    bc_loader_problem (ld, node, "%s %s does not fit in 64 bits", what, node->text);
    return FALSE;
  }
  bc_loader_problem (ld, node, "%s must be a byte count such as 200K, 5M or 1G (1024-based), not %s%s%s",
                     what,
                     node->type == BC_Y_SCALAR && node->text != NULL && node->text[0] != '\0' ? "'" : "",
                     node->type == BC_Y_SCALAR && node->text != NULL && node->text[0] != '\0' ? node->text : bc_ynode_kind (node),
                     node->type == BC_Y_SCALAR && node->text != NULL && node->text[0] != '\0' ? "'" : "");
  return FALSE;
}

static gboolean
bc_y_severity (BcLoader *ld, const BcYNode *node, BcSeverity *out)
{
  if (node->type == BC_Y_SCALAR && node->text != NULL) {
    if (g_strcmp0 (node->text, "error") == 0) {
      *out = BC_SEVERITY_ERROR;
      return TRUE;
    }
    if (g_strcmp0 (node->text, "warning") == 0) {
      *out = BC_SEVERITY_WARNING;
      return TRUE;
    }
    if (g_strcmp0 (node->text, "info") == 0) {
      *out = BC_SEVERITY_INFO;
      return TRUE;
    }
  }
  bc_loader_problem (ld, node, "severity must be error, warning or info, not '%s'",
                     node->type == BC_Y_SCALAR && node->text != NULL ? node->text : bc_ynode_kind (node));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Collections */

/* NODE must be a mapping whose keys are all in ALLOWED (NULL-terminated);
 * reports every key that is not, and every duplicate */
static gboolean
bc_y_check_map (BcLoader *ld, const BcYNode *node, const char *what, const char *const *allowed)
{
  gboolean ok = TRUE;
  if (node->type != BC_Y_MAP) {
    bc_loader_problem (ld, node, "%s must be a mapping, not %s", what, bc_ynode_kind (node));
    return FALSE;
  }
  for (guint i = 0; i < bc_ynode_map_size (node); i++) {
    BcYNode *key = bc_ynode_map_key (node, i);
    if (key->type != BC_Y_SCALAR || key->text == NULL) {
      bc_loader_problem (ld, key, "keys in %s must be plain names", what);
      ok = FALSE;
      continue;
    }
    if (!g_strv_contains (allowed, key->text)) {
      g_autofree char *expected = g_strjoinv (", ", (char **) allowed);
      bc_loader_problem (ld, key, "unknown key '%s' in %s; expected one of: %s", key->text, what, expected);
      ok = FALSE;
    }
    /* libfyaml's event stream does not reject duplicate keys, the document
     * builder would; a second value would silently win */
    for (guint j = 0; j < i; j++) {
      BcYNode *other = bc_ynode_map_key (node, j);
      if (other->text != NULL && g_strcmp0 (other->text, key->text) == 0) {
        bc_loader_problem (ld, key, "duplicate key '%s' in %s (first at line %u)", key->text, what, other->line);
        ok = FALSE;
        break;
      }
    }
  }
  return ok;
}

/* the value of a key that must be present */
static BcYNode *
bc_y_require (BcLoader *ld, const BcYNode *map, const char *key, const char *what)
{
  BcYNode *value = bc_ynode_lookup (map, key);
  if (value == NULL)
    bc_loader_problem (ld, map, "%s needs '%s'", what, key);
  return value;
}

static gboolean
bc_y_check_seq (BcLoader *ld, const BcYNode *node, const char *what)
{
  if (node->type != BC_Y_SEQ) {
    bc_loader_problem (ld, node, "%s must be a list, not %s", what, bc_ynode_kind (node));
    return FALSE;
  }
  return TRUE;
}

/* a list of non-empty strings (kebab-case ids when IDS) without duplicates;
 * NULL-terminated into *OUT; an empty list gives an empty strv */
static gboolean
bc_y_strv (BcLoader *ld, const BcYNode *node, const char *what, gboolean ids, gboolean allow_empty, char ***out)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) strs = g_ptr_array_new_with_free_func (g_free);
  if (!bc_y_check_seq (ld, node, what))
    return FALSE;
  if (node->items->len == 0 && !allow_empty) {
    bc_loader_problem (ld, node, "%s must not be empty", what);
    return FALSE;
  }
  for (guint i = 0; i < node->items->len; i++) {
    BcYNode *item = g_ptr_array_index (node->items, i);
    char *str = NULL;
    if (!(ids ? bc_y_id (ld, item, what, &str) : bc_y_string (ld, item, what, &str))) {
      ok = FALSE;
      continue;
    }
    if (g_ptr_array_find_with_equal_func (strs, str, g_str_equal, NULL)) {
      bc_loader_problem (ld, item, "'%s' appears twice in %s", str, what);
      g_free (str);
      ok = FALSE;
      continue;
    }
    g_ptr_array_add (strs, str);
  }
  if (!ok)
    return FALSE;
  g_ptr_array_add (strs, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&strs), FALSE);
  return TRUE;
}

/* a display text {zh: ..., en: ...}, at least one of them */
static gboolean
bc_y_text (BcLoader *ld, const BcYNode *node, const char *what, BcText *out)
{
  static const char *const keys[] = { "zh", "en", NULL };
  BcYNode *zh, *en;
  gboolean ok = TRUE;
  g_autofree char *what_zh = NULL;
  g_autofree char *what_en = NULL;

  if (!bc_y_check_map (ld, node, what, keys))
    return FALSE;
  zh = bc_ynode_lookup (node, "zh");
  en = bc_ynode_lookup (node, "en");
  if (zh == NULL && en == NULL) {
    bc_loader_problem (ld, node, "%s needs 'zh' or 'en' (or both)", what);
    return FALSE;
  }
  what_zh = g_strdup_printf ("%s.zh", what);
  what_en = g_strdup_printf ("%s.en", what);
  if (zh != NULL && !bc_y_string (ld, zh, what_zh, &out->zh))
    ok = FALSE;
  if (en != NULL && !bc_y_string (ld, en, what_en, &out->en))
    ok = FALSE;
  return ok;
}

/* an optional display text */
static gboolean
bc_y_text_opt (BcLoader *ld, const BcYNode *map, const char *key, const char *what, BcText *out)
{
  BcYNode *node = bc_ynode_lookup (map, key);
  if (node == NULL)
    return TRUE;
  return bc_y_text (ld, node, what, out);
}

/* an optional rule severity; error when omitted */
static gboolean
bc_y_severity_opt (BcLoader *ld, const BcYNode *map, BcSeverity *out)
{
  BcYNode *node = bc_ynode_lookup (map, "severity");
  *out = BC_SEVERITY_ERROR;
  if (node == NULL)
    return TRUE;
  return bc_y_severity (ld, node, out);
}

/* ------------------------------------------------------------------------ */
/* Model lookups */

const BcVariable *
bc_ruleset_get_variable (const BcRuleset *ruleset, const char *id)
{
  g_return_val_if_fail (ruleset != NULL, NULL);
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *variable = g_ptr_array_index (ruleset->variables, i);
    if (g_strcmp0 (variable->id, id) == 0)
      return variable;
  }
  return NULL;
}

const BcDocument *
bc_ruleset_get_document (const BcRuleset *ruleset, const char *id)
{
  g_return_val_if_fail (ruleset != NULL, NULL);
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < ruleset->documents->len; i++) {
    const BcDocument *document = g_ptr_array_index (ruleset->documents, i);
    if (g_strcmp0 (document->id, id) == 0)
      return document;
  }
  return NULL;
}

static const BcVarValue *
bc_variable_get_value (const BcVariable *variable, const char *id)
{
  for (guint i = 0; i < variable->values->len; i++) {
    const BcVarValue *value = g_ptr_array_index (variable->values, i);
    if (g_strcmp0 (value->id, id) == 0)
      return value;
  }
  return NULL;
}

static char *
bc_variable_value_ids (const BcVariable *variable)
{
  GString *str = g_string_new (NULL);
  for (guint i = 0; i < variable->values->len; i++) {
    const BcVarValue *value = g_ptr_array_index (variable->values, i);
    if (str->len > 0)
      g_string_append (str, ", ");
    g_string_append (str, value->id);
  }
  return g_string_free (str, FALSE);
}

const char *
bc_text_get (const BcText *text, BcLang lang)
{
  if (text == NULL)
    return NULL;
  if (lang == BC_LANG_ZH)
    return text->zh != NULL ? text->zh : text->en;
  return text->en != NULL ? text->en : text->zh;
}

/* ------------------------------------------------------------------------ */
/* Conditions */

/* one value id of VARIABLE, as written in a condition */
static gboolean
bc_load_term_value (BcLoader *ld, const BcVariable *variable, const BcYNode *node, GPtrArray *values)
{
  g_autofree char *ids = NULL;
  if (node->type != BC_Y_SCALAR || node->text == NULL) {
    bc_loader_problem (ld, node, "a condition on '%s' takes a value id, a list of them or {not: ...}, not %s",
                       variable->id, bc_ynode_kind (node));
    return FALSE;
  }
  if (bc_variable_get_value (variable, node->text) == NULL) {
    ids = bc_variable_value_ids (variable);
    bc_loader_problem (ld, node, "'%s' is not a value of variable '%s'; values: %s",
                       node->text, variable->id, ids);
    return FALSE;
  }
  if (!g_ptr_array_find_with_equal_func (values, node->text, g_str_equal, NULL))
    g_ptr_array_add (values, g_strdup (node->text));
  return TRUE;
}

/* a value id or a non-empty list of value ids */
static gboolean
bc_load_term_values (BcLoader *ld, const BcVariable *variable, const BcYNode *node, GPtrArray *values)
{
  gboolean ok = TRUE;
  if (node->type != BC_Y_SEQ)
    return bc_load_term_value (ld, variable, node, values);
  if (node->items->len == 0) {
    bc_loader_problem (ld, node, "the list of values for '%s' is empty", variable->id);
    return FALSE;
  }
  for (guint i = 0; i < node->items->len; i++) {
    BcYNode *item = g_ptr_array_index (node->items, i);
    if (!bc_load_term_value (ld, variable, item, values))
      ok = FALSE;
  }
  return ok;
}

/* a mapping: AND of variable terms */
static BcClause *
bc_load_clause (BcLoader *ld, const BcYNode *node, const char *what)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_term_free);
  BcClause *clause;

  if (node->type != BC_Y_MAP) {
    bc_loader_problem (ld, node, "each alternative of %s must be a mapping of variable: value, not %s",
                       what, bc_ynode_kind (node));
    return NULL;
  }
  if (bc_ynode_map_size (node) == 0) {
    bc_loader_problem (ld, node, "%s is an empty mapping; write 'always' if that is meant", what);
    return NULL;
  }
  for (guint i = 0; i < bc_ynode_map_size (node); i++) {
    BcYNode *key = bc_ynode_map_key (node, i);
    BcYNode *value = bc_ynode_map_value (node, i);
    const BcVariable *variable;
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    gboolean negate = FALSE;
    BcTerm *term;

    if (key->type != BC_Y_SCALAR || key->text == NULL) {
      bc_loader_problem (ld, key, "keys in %s must be variable ids", what);
      ok = FALSE;
      continue;
    }
    for (guint j = 0; j < i; j++) {
      if (g_strcmp0 (bc_ynode_map_key (node, j)->text, key->text) == 0) {
        bc_loader_problem (ld, key, "variable '%s' appears twice in one alternative of %s", key->text, what);
        ok = FALSE;
      }
    }
    variable = bc_ruleset_get_variable (ld->ruleset, key->text);
    if (variable == NULL) {
      g_autofree char *ids = NULL;
      GString *str = g_string_new (NULL);
      for (guint j = 0; j < ld->ruleset->variables->len; j++) {
        const BcVariable *v = g_ptr_array_index (ld->ruleset->variables, j);
        g_string_append_printf (str, "%s%s", str->len > 0 ? ", " : "", v->id);
      }
      ids = g_string_free (str, FALSE);
      bc_loader_problem (ld, key, "%s refers to undeclared variable '%s'; variables: %s",
                         what, key->text, ids[0] != '\0' ? ids : "(none)");
      ok = FALSE;
      continue;
    }
    if (value->type == BC_Y_MAP) {
      static const char *const not_keys[] = { "not", NULL };
      BcYNode *inner;
      /* {not: ...} is the only nested form: a condition never nests deeper */
      if (!bc_y_check_map (ld, value, "a negated condition", not_keys)) {
        ok = FALSE;
        continue;
      }
      inner = bc_ynode_lookup (value, "not");
      if (inner == NULL) {
        bc_loader_problem (ld, value, "a mapping under '%s' must be {not: value-or-list}", variable->id);
        ok = FALSE;
        continue;
      }
      negate = TRUE;
      value = inner;
    }
    if (!bc_load_term_values (ld, variable, value, values)) {
      ok = FALSE;
      continue;
    }
    term = g_new0 (BcTerm, 1);
    term->variable = g_strdup (variable->id);
    term->negate = negate;
    g_ptr_array_add (values, NULL);
    term->values = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
    g_ptr_array_add (terms, term);
  }
  if (!ok)
    return NULL;
  clause = bc_clause_new ();
  g_ptr_array_extend_and_steal (clause->terms, g_steal_pointer (&terms));
  return clause;
}

/* always | never | mapping (AND) | list of mappings (OR) */
static BcCondition *
bc_load_condition (BcLoader *ld, const BcYNode *node, const char *what)
{
  g_autoptr(BcCondition) condition = bc_condition_new ();

  if (node->type == BC_Y_SCALAR) {
    if (g_strcmp0 (node->text, "always") == 0) {
      g_ptr_array_add (condition->clauses, bc_clause_new ());
      return g_steal_pointer (&condition);
    }
    if (g_strcmp0 (node->text, "never") == 0)
      return g_steal_pointer (&condition);
    bc_loader_problem (ld, node, "%s must be always, never, a mapping {variable: value} "
                       "or a list of such mappings, not '%s'",
                       what, node->text != NULL ? node->text : "empty");
    return NULL;
  }
  if (node->type == BC_Y_MAP) {
    BcClause *clause = bc_load_clause (ld, node, what);
    if (clause == NULL)
      return NULL;
    g_ptr_array_add (condition->clauses, clause);
    return g_steal_pointer (&condition);
  }
  if (node->items->len == 0) {
    bc_loader_problem (ld, node, "%s is an empty list; write 'never' if that is meant", what);
    return NULL;
  }
  {
    gboolean ok = TRUE;
    for (guint i = 0; i < node->items->len; i++) {
      BcClause *clause = bc_load_clause (ld, g_ptr_array_index (node->items, i), what);
      if (clause == NULL) {
        ok = FALSE;
        continue;
      }
      g_ptr_array_add (condition->clauses, clause);
    }
    if (!ok)
      return NULL;
  }
  return g_steal_pointer (&condition);
}

/* ------------------------------------------------------------------------ */
/* Top-level metadata */

static gboolean
bc_is_date (const char *str)
{
  guint64 year, month, day;
  if (strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  if (!bc_parse_digits (str, 4, &year) || !bc_parse_digits (str + 5, 2, &month) ||
      !bc_parse_digits (str + 8, 2, &day))
    return FALSE;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
bc_load_limits (BcLoader *ld, const BcYNode *node)
{
  guint n_limits = 0;
  const BcLimitInfo *infos = bc_limits_describe (&n_limits);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < n_limits; i++)
    g_ptr_array_add (names, (gpointer) infos[i].name);
  g_ptr_array_add (names, NULL);
  if (!bc_y_check_map (ld, node, "limits", (const char *const *) names->pdata))
    return;
  for (guint i = 0; i < bc_ynode_map_size (node); i++) {
    BcYNode *key = bc_ynode_map_key (node, i);
    BcYNode *value = bc_ynode_map_value (node, i);
    const BcLimitInfo *info = NULL;
    guint64 number = 0;
    g_autofree char *what = NULL;

    for (guint j = 0; j < n_limits; j++) {
      if (g_strcmp0 (infos[j].name, key->text) == 0)
        info = &infos[j];
    }
    if (info == NULL)
      continue; /* already reported */
    what = g_strdup_printf ("limit %s", info->name);
    if (g_strcmp0 (info->unit, "bytes") == 0) {
      if (!bc_y_size (ld, value, what, &number))
        continue;
    } else if (!bc_y_uint (ld, value, what, 0, G_MAXUINT64, &number)) {
      continue;
    }
    /* a zero limit would refuse every bundle; it is always a typo */
    if (number == 0) {
      bc_loader_problem (ld, value, "%s must be at least 1", what);
      continue;
    }
    g_hash_table_replace (ld->ruleset->limits, g_strdup (info->name), g_memdup2 (&number, sizeof (number)));
  }
}

/* ------------------------------------------------------------------------ */
/* Variables */

/* case-insensitive comparison key after NFKC, as bc_context_set() uses */
static char *
bc_ruleset_fold (const char *str)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  if (str == NULL)
    return NULL;
  nfkc = g_utf8_normalize (str, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return NULL;
  folded = g_utf8_casefold (nfkc, -1);
  return g_strdup (g_strstrip (folded));
}

static BcVarValue *
bc_load_var_value (BcLoader *ld, const BcYNode *node)
{
  static const char *const keys[] = { "id", "name", "aliases", NULL };
  BcYNode *id_node, *name_node, *aliases_node;
  BcVarValue *value;

  bc_y_check_map (ld, node, "a variable value", keys);
  if (node->type != BC_Y_MAP)
    return NULL;
  value = g_new0 (BcVarValue, 1);
  id_node = bc_y_require (ld, node, "id", "a variable value");
  if (id_node != NULL)
    bc_y_id (ld, id_node, "value id", &value->id);
  name_node = bc_y_require (ld, node, "name", "a variable value");
  if (name_node != NULL)
    bc_y_text (ld, name_node, "value name", &value->name);
  aliases_node = bc_ynode_lookup (node, "aliases");
  if (aliases_node != NULL)
    bc_y_strv (ld, aliases_node, "aliases", FALSE, TRUE, &value->aliases);
  if (value->aliases == NULL)
    value->aliases = g_new0 (char *, 1);
  if (value->id == NULL) {
    bc_var_value_free (value);
    return NULL;
  }
  /* a value with other problems is kept so references to it do not cascade */
  return value;
}

/* every spelling of VALUE that bc_context_set() accepts */
static GPtrArray *
bc_var_value_spellings (const BcVarValue *value)
{
  GPtrArray *spellings = g_ptr_array_new ();
  g_ptr_array_add (spellings, value->id);
  if (value->name.zh != NULL)
    g_ptr_array_add (spellings, value->name.zh);
  if (value->name.en != NULL)
    g_ptr_array_add (spellings, value->name.en);
  for (guint i = 0; value->aliases != NULL && value->aliases[i] != NULL; i++)
    g_ptr_array_add (spellings, value->aliases[i]);
  return spellings;
}

static void
bc_load_variable (BcLoader *ld, const BcYNode *node)
{
  static const char *const keys[] = { "id", "name", "description", "list", "optional",
                                      "default", "values", NULL };
  BcYNode *id_node, *name_node, *values_node, *default_node, *item;
  g_autoptr(GHashTable) spellings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean duplicate = FALSE;
  BcVariable *variable;

  bc_y_check_map (ld, node, "a variable", keys);
  if (node->type != BC_Y_MAP)
    return;

  variable = g_new0 (BcVariable, 1);
  variable->values = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_var_value_free);
  id_node = bc_y_require (ld, node, "id", "a variable");
  if (id_node != NULL && bc_y_id (ld, id_node, "variable id", &variable->id) &&
      bc_ruleset_get_variable (ld->ruleset, variable->id) != NULL) {
    bc_loader_problem (ld, id_node, "duplicate variable id '%s'", variable->id);
    duplicate = TRUE;
  }
  /* messages below name the variable even when its id is unusable */
  if (variable->id == NULL)
    variable->id = g_strdup ("?");
  name_node = bc_y_require (ld, node, "name", "a variable");
  if (name_node != NULL)
    bc_y_text (ld, name_node, "variable name", &variable->name);
  bc_y_text_opt (ld, node, "description", "variable description", &variable->description);
  if ((item = bc_ynode_lookup (node, "list")) != NULL)
    bc_y_bool (ld, item, "list", &variable->is_list);
  if ((item = bc_ynode_lookup (node, "optional")) != NULL)
    bc_y_bool (ld, item, "optional", &variable->optional);

  values_node = bc_y_require (ld, node, "values", "a variable");
  if (values_node != NULL && bc_y_check_seq (ld, values_node, "values")) {
    if (values_node->items->len == 0)
      bc_loader_problem (ld, values_node, "a variable needs at least one value");
    for (guint i = 0; i < values_node->items->len; i++) {
      BcYNode *value_node = g_ptr_array_index (values_node->items, i);
      BcVarValue *value = bc_load_var_value (ld, value_node);
      g_autoptr(GPtrArray) spelled = NULL;
      if (value == NULL)
        continue;
      if (bc_variable_get_value (variable, value->id) != NULL) {
        bc_loader_problem (ld, value_node, "duplicate value id '%s' in variable '%s'",
                           value->id, variable->id);
        bc_var_value_free (value);
        continue;
      }
      /* a spelling shared by two values would make the CLI pick one at
       * random; the same spelling twice for one value is harmless */
      spelled = bc_var_value_spellings (value);
      for (guint j = 0; j < spelled->len; j++) {
        g_autofree char *folded = bc_ruleset_fold (g_ptr_array_index (spelled, j));
        const char *owner;
        if (folded == NULL)
          continue;
        owner = g_hash_table_lookup (spellings, folded);
        if (owner != NULL && g_strcmp0 (owner, value->id) != 0) {
          bc_loader_problem (ld, value_node, "'%s' names both value '%s' and value '%s'",
                             (const char *) g_ptr_array_index (spelled, j), owner, value->id);
          continue;
        }
        if (owner == NULL)
          g_hash_table_insert (spellings, g_steal_pointer (&folded), value->id);
      }
      g_ptr_array_add (variable->values, value);
    }
  }

  /* the default must be declared and match the variable's shape */
  default_node = bc_ynode_lookup (node, "default");
  if (default_node != NULL) {
    g_autoptr(GPtrArray) defaults = g_ptr_array_new_with_free_func (g_free);
    gboolean ok = TRUE;
    if (variable->optional) {
      bc_loader_problem (ld, default_node, "an optional variable has no default; drop 'default' or 'optional'");
      ok = FALSE;
    } else if (variable->is_list) {
      if (!bc_y_check_seq (ld, default_node, "the default of a list variable")) {
        ok = FALSE;
      } else {
        for (guint i = 0; i < default_node->items->len; i++) {
          BcYNode *d = g_ptr_array_index (default_node->items, i);
          if (!bc_load_term_value (ld, variable, d, defaults))
            ok = FALSE;
        }
      }
    } else {
      if (default_node->type != BC_Y_SCALAR || default_node->text == NULL) {
        bc_loader_problem (ld, default_node, "the default of variable '%s' must be one value id",
                           variable->id);
        ok = FALSE;
      } else if (!bc_load_term_value (ld, variable, default_node, defaults)) {
        ok = FALSE;
      }
    }
    if (ok) {
      g_ptr_array_add (defaults, NULL);
      variable->defaults = (char **) g_ptr_array_free (g_steal_pointer (&defaults), FALSE);
    }
  } else if (variable->is_list && !variable->optional) {
    /* a list variable without a default starts as the empty set */
    variable->defaults = g_new0 (char *, 1);
  } else if (!variable->optional) {
    bc_loader_problem (ld, node, "variable '%s' needs a default (or optional: true)",
                       variable->id);
  }

  if (duplicate || g_strcmp0 (variable->id, "?") == 0) {
    bc_variable_free (variable);
    return;
  }
  g_ptr_array_add (ld->ruleset->variables, variable);
}

/* ------------------------------------------------------------------------ */
/* Notices */

static void
bc_load_notice (BcLoader *ld, const BcYNode *node)
{
  static const char *const keys[] = { "code", "when", "severity", "message", "source", NULL };
  BcYNode *item;
  gboolean ok = TRUE;
  BcNotice *notice;

  if (!bc_y_check_map (ld, node, "a notice", keys))
    ok = FALSE;
  if (node->type != BC_Y_MAP)
    return;
  notice = g_new0 (BcNotice, 1);
  if ((item = bc_y_require (ld, node, "code", "a notice")) == NULL ||
      !bc_y_id (ld, item, "notice code", &notice->code)) {
    ok = FALSE;
  }
  /* codes may repeat: a code names a kind of notice, and one kind can
   * have its own wording in different contexts (e.g. a province's rule) */
  if ((item = bc_y_require (ld, node, "when", "a notice")) == NULL ||
      (notice->when = bc_load_condition (ld, item, "when")) == NULL)
    ok = FALSE;
  if ((item = bc_y_require (ld, node, "severity", "a notice")) == NULL ||
      !bc_y_severity (ld, item, &notice->severity))
    ok = FALSE;
  if ((item = bc_y_require (ld, node, "message", "a notice")) == NULL ||
      !bc_y_text (ld, item, "message", &notice->message))
    ok = FALSE;
  if ((item = bc_y_require (ld, node, "source", "a notice")) == NULL ||
      !bc_y_string (ld, item, "source", &notice->source))
    ok = FALSE;
  if (!ok) {
    bc_notice_free (notice);
    return;
  }
  g_ptr_array_add (ld->ruleset->notices, notice);
}

/* ------------------------------------------------------------------------ */
/* Documents */

/* files: N | {min: N, max: N|unlimited} */
static void
bc_load_files (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "min", "max", NULL };
  BcYNode *item;
  guint64 number = 0;

  if (node->type == BC_Y_SCALAR) {
    if (bc_y_uint (ld, node, "files", 1, BC_RULESET_MAX_COUNT, &number))
      document->min_files = document->max_files = (guint) number;
    return;
  }
  if (!bc_y_check_map (ld, node, "files", keys))
    return;
  if ((item = bc_ynode_lookup (node, "min")) != NULL &&
      bc_y_uint (ld, item, "files.min", 1, BC_RULESET_MAX_COUNT, &number))
    document->min_files = (guint) number;
  if ((item = bc_ynode_lookup (node, "max")) != NULL) {
    if (item->type == BC_Y_SCALAR && g_strcmp0 (item->text, "unlimited") == 0)
      document->max_files = 0;
    else if (bc_y_uint (ld, item, "files.max (or unlimited)", 1, BC_RULESET_MAX_COUNT, &number))
      document->max_files = (guint) number;
  }
  if (document->max_files != 0 && document->min_files > document->max_files)
    bc_loader_problem (ld, node, "files: min %u is greater than max %u%s", document->min_files,
                       document->max_files,
                       bc_ynode_lookup (node, "max") == NULL ? " (max defaults to 1; write max: unlimited for no cap)" : "");
}

/* size: {min: SIZE | {value: SIZE, severity: S}, max: ...} */
static void
bc_load_size_bound (BcLoader *ld, const BcYNode *node, const char *what, BcBound *bound)
{
  static const char *const keys[] = { "value", "severity", NULL };
  BcYNode *value;
  bound->severity = BC_SEVERITY_ERROR;
  if (node->type == BC_Y_SCALAR) {
    bound->set = bc_y_size (ld, node, what, &bound->value);
    return;
  }
  if (!bc_y_check_map (ld, node, what, keys))
    return;
  if ((value = bc_y_require (ld, node, "value", what)) == NULL)
    return;
  if (!bc_y_severity_opt (ld, node, &bound->severity))
    return;
  bound->set = bc_y_size (ld, value, what, &bound->value);
}

static void
bc_load_size (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "min", "max", NULL };
  BcYNode *item;
  if (!bc_y_check_map (ld, node, "size", keys))
    return;
  if ((item = bc_ynode_lookup (node, "min")) != NULL)
    bc_load_size_bound (ld, item, "size.min", &document->min_bytes);
  if ((item = bc_ynode_lookup (node, "max")) != NULL)
    bc_load_size_bound (ld, item, "size.max", &document->max_bytes);
  if (document->min_bytes.set && document->max_bytes.set &&
      document->min_bytes.value > document->max_bytes.value)
    bc_loader_problem (ld, node, "size: min %" G_GUINT64_FORMAT " bytes is greater than max %" G_GUINT64_FORMAT " bytes",
                       document->min_bytes.value, document->max_bytes.value);
}

static void
bc_load_type_notes (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "type", "severity", "message", NULL };
  if (!bc_y_check_seq (ld, node, "type-notes"))
    return;
  for (guint i = 0; i < node->items->len; i++) {
    BcYNode *item = g_ptr_array_index (node->items, i);
    BcYNode *type, *message;
    BcTypeNote *note;
    gboolean ok = TRUE;
    if (!bc_y_check_map (ld, item, "a type note", keys))
      ok = FALSE;
    if (item->type != BC_Y_MAP)
      continue;
    note = g_new0 (BcTypeNote, 1);
    if ((type = bc_y_require (ld, item, "type", "a type note")) == NULL ||
        !bc_y_string (ld, type, "type", &note->type)) {
      ok = FALSE;
    } else if (!bc_type_is_known (note->type)) {
      bc_loader_problem (ld, type, "unknown type '%s'", note->type);
      ok = FALSE;
    } else if (document->types != NULL && !g_strv_contains ((const char *const *) document->types, note->type)) {
      bc_loader_problem (ld, type, "type note for '%s', which is not in this document's types", note->type);
      ok = FALSE;
    }
    if ((message = bc_y_require (ld, item, "message", "a type note")) == NULL ||
        !bc_y_text (ld, message, "message", &note->message))
      ok = FALSE;
    if (!bc_y_severity_opt (ld, item, &note->severity))
      ok = FALSE;
    if (!ok) {
      bc_type_note_free (note);
      continue;
    }
    g_ptr_array_add (document->type_notes, note);
  }
}

/* match: {all-of: [[kw, ...], ...], none-of: [kw, ...]}, or a plain list
 * of keywords as shorthand for one all-of group */
static void
bc_load_match (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "all-of", "none-of", NULL };
  BcYNode *all_of, *none_of;

  if (node->type == BC_Y_SEQ) {
    char **group = NULL;
    if (bc_y_strv (ld, node, "match keywords", FALSE, FALSE, &group))
      g_ptr_array_add (document->match_all_of, group);
    return;
  }
  if (!bc_y_check_map (ld, node, "match", keys))
    return;
  all_of = bc_y_require (ld, node, "all-of", "match");
  if (all_of != NULL && bc_y_check_seq (ld, all_of, "match.all-of")) {
    if (all_of->items->len == 0)
      bc_loader_problem (ld, all_of, "match.all-of needs at least one keyword group");
    for (guint i = 0; i < all_of->items->len; i++) {
      BcYNode *group_node = g_ptr_array_index (all_of->items, i);
      char **group = NULL;
      /* [a, b] under all-of would be read as two groups by one reader and
       * one group by another; only the explicit form is accepted */
      if (group_node->type != BC_Y_SEQ) {
        bc_loader_problem (ld, group_node, "each match.all-of entry is a list of keywords (any one of "
                           "them matches), e.g. all-of: [[%s]]",
                           group_node->text != NULL ? group_node->text : "keyword");
        continue;
      }
      if (bc_y_strv (ld, group_node, "a match.all-of group", FALSE, FALSE, &group))
        g_ptr_array_add (document->match_all_of, group);
    }
  }
  none_of = bc_ynode_lookup (node, "none-of");
  if (none_of != NULL)
    bc_y_strv (ld, none_of, "match.none-of", FALSE, FALSE, &document->match_none_of);
}

static const char *
bc_page_size_canonical (const char *name)
{
  static const char *const sizes[] = { "A3", "A4", "A5", "B5", "Letter", "Legal", NULL };
  for (guint i = 0; sizes[i] != NULL; i++) {
    if (g_ascii_strcasecmp (sizes[i], name) == 0)
      return sizes[i];
  }
  return NULL;
}

static void
bc_load_pdf (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "pages", "page-size", "text", "blank-pages", NULL };
  static const char *const pages_keys[] = { "min", "max", "severity", NULL };
  static const char *const size_keys[] = { "sizes", "tolerance-mm", "severity", NULL };
  static const char *const text_keys[] = { "any-of", "page", "severity", NULL };
  static const char *const blank_keys[] = { "forbid", "severity", NULL };
  BcPdfRules *pdf = &document->pdf;
  BcYNode *section, *item;

  if (!bc_y_check_map (ld, node, "pdf", keys))
    return;
  if (document->types != NULL && !g_strv_contains ((const char *const *) document->types, "pdf"))
    bc_loader_problem (ld, node, "pdf checks on a document whose types do not include pdf");

  if ((section = bc_ynode_lookup (node, "pages")) != NULL &&
      bc_y_check_map (ld, section, "pdf.pages", pages_keys)) {
    BcSeverity severity = BC_SEVERITY_ERROR;
    guint64 number = 0;
    bc_y_severity_opt (ld, section, &severity);
    pdf->min_pages.severity = pdf->max_pages.severity = severity;
    if ((item = bc_ynode_lookup (section, "min")) != NULL &&
        bc_y_uint (ld, item, "pdf.pages.min", 1, BC_RULESET_MAX_COUNT, &number)) {
      pdf->min_pages.set = TRUE;
      pdf->min_pages.value = number;
    }
    if ((item = bc_ynode_lookup (section, "max")) != NULL &&
        !(item->type == BC_Y_SCALAR && g_strcmp0 (item->text, "unlimited") == 0) &&
        bc_y_uint (ld, item, "pdf.pages.max (or unlimited)", 1, BC_RULESET_MAX_COUNT, &number)) {
      pdf->max_pages.set = TRUE;
      pdf->max_pages.value = number;
    }
    if (bc_ynode_lookup (section, "min") == NULL && bc_ynode_lookup (section, "max") == NULL)
      bc_loader_problem (ld, section, "pdf.pages needs min or max");
    if (pdf->min_pages.set && pdf->max_pages.set && pdf->min_pages.value > pdf->max_pages.value)
      bc_loader_problem (ld, section, "pdf.pages: min %" G_GUINT64_FORMAT " is greater than max %" G_GUINT64_FORMAT,
                         pdf->min_pages.value, pdf->max_pages.value);
  }

  if ((section = bc_ynode_lookup (node, "page-size")) != NULL &&
      bc_y_check_map (ld, section, "pdf.page-size", size_keys)) {
    pdf->page_size_tolerance_mm = 5.0;
    bc_y_severity_opt (ld, section, &pdf->page_size_severity);
    if ((item = bc_y_require (ld, section, "sizes", "pdf.page-size")) != NULL &&
        bc_y_check_seq (ld, item, "pdf.page-size.sizes")) {
      g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
      gboolean ok = item->items->len > 0;
      if (!ok)
        bc_loader_problem (ld, item, "pdf.page-size.sizes must not be empty");
      for (guint i = 0; i < item->items->len; i++) {
        BcYNode *size = g_ptr_array_index (item->items, i);
        const char *canonical = NULL;
        if (size->type == BC_Y_SCALAR && size->text != NULL)
          canonical = bc_page_size_canonical (size->text);
        if (canonical == NULL) {
          bc_loader_problem (ld, size, "unknown page size '%s'; known: A3, A4, A5, B5, Letter, Legal",
                             size->text != NULL ? size->text : bc_ynode_kind (size));
          ok = FALSE;
          continue;
        }
        g_ptr_array_add (sizes, g_strdup (canonical));
      }
      if (ok) {
        g_ptr_array_add (sizes, NULL);
        pdf->page_sizes = (char **) g_ptr_array_free (g_steal_pointer (&sizes), FALSE);
      }
    }
    if ((item = bc_ynode_lookup (section, "tolerance-mm")) != NULL) {
      char *end = NULL;
      double value = -1;
      if (item->type == BC_Y_SCALAR && item->text != NULL && item->text[0] != '\0')
        value = g_ascii_strtod (item->text, &end);
      if (end == NULL || *end != '\0' || !isfinite (value) || value < 0 || value > 100)
        bc_loader_problem (ld, item, "pdf.page-size.tolerance-mm must be a number of millimetres from 0 to 100");
      else
        pdf->page_size_tolerance_mm = value;
    }
  }

  if ((section = bc_ynode_lookup (node, "text")) != NULL && bc_y_check_seq (ld, section, "pdf.text")) {
    for (guint i = 0; i < section->items->len; i++) {
      BcYNode *rule_node = g_ptr_array_index (section->items, i);
      BcTextRule *rule;
      gboolean ok = TRUE;
      guint64 number = 0;
      if (!bc_y_check_map (ld, rule_node, "a pdf.text rule", text_keys))
        ok = FALSE;
      if (rule_node->type != BC_Y_MAP)
        continue;
      rule = g_new0 (BcTextRule, 1);
      if ((item = bc_y_require (ld, rule_node, "any-of", "a pdf.text rule")) == NULL ||
          !bc_y_strv (ld, item, "pdf.text.any-of", FALSE, FALSE, &rule->any_of))
        ok = FALSE;
      if ((item = bc_ynode_lookup (rule_node, "page")) != NULL) {
        if (bc_y_uint (ld, item, "pdf.text.page", 1, BC_RULESET_MAX_COUNT, &number))
          rule->page = (guint) number;
        else
          ok = FALSE;
      }
      if (!bc_y_severity_opt (ld, rule_node, &rule->severity))
        ok = FALSE;
      if (!ok) {
        bc_text_rule_free (rule);
        continue;
      }
      g_ptr_array_add (pdf->required_text, rule);
    }
  }

  if ((section = bc_ynode_lookup (node, "blank-pages")) != NULL &&
      bc_y_check_map (ld, section, "pdf.blank-pages", blank_keys)) {
    /* the section itself says "check blank pages"; forbid defaults to true */
    pdf->forbid_blank_pages = TRUE;
    if ((item = bc_ynode_lookup (section, "forbid")) != NULL)
      bc_y_bool (ld, item, "pdf.blank-pages.forbid", &pdf->forbid_blank_pages);
    bc_y_severity_opt (ld, section, &pdf->blank_page_severity);
  }
}

static void
bc_load_image (BcLoader *ld, const BcYNode *node, BcDocument *document)
{
  static const char *const keys[] = { "min-size", "color", NULL };
  static const char *const size_keys[] = { "long", "short", "severity", NULL };
  static const char *const color_keys[] = { "required", "severity", NULL };
  BcImageRules *image = &document->image;
  BcYNode *section, *item;

  if (!bc_y_check_map (ld, node, "image", keys))
    return;
  if (document->types != NULL) {
    gboolean any_image = FALSE;
    for (guint i = 0; document->types[i] != NULL; i++) {
      if (bc_type_is_image (document->types[i]))
        any_image = TRUE;
    }
    if (!any_image)
      bc_loader_problem (ld, node, "image checks on a document whose types include no image type");
  }
  if ((section = bc_ynode_lookup (node, "min-size")) != NULL &&
      bc_y_check_map (ld, section, "image.min-size", size_keys)) {
    guint64 number = 0;
    bc_y_severity_opt (ld, section, &image->size_severity);
    if ((item = bc_ynode_lookup (section, "long")) != NULL &&
        bc_y_uint (ld, item, "image.min-size.long", 1, BC_RULESET_MAX_COUNT, &number))
      image->min_long_side = (guint) number;
    if ((item = bc_ynode_lookup (section, "short")) != NULL &&
        bc_y_uint (ld, item, "image.min-size.short", 1, BC_RULESET_MAX_COUNT, &number))
      image->min_short_side = (guint) number;
    if (bc_ynode_lookup (section, "long") == NULL && bc_ynode_lookup (section, "short") == NULL)
      bc_loader_problem (ld, section, "image.min-size needs long or short");
    if (image->min_long_side != 0 && image->min_short_side > image->min_long_side)
      bc_loader_problem (ld, section, "image.min-size: short %u is greater than long %u",
                         image->min_short_side, image->min_long_side);
  }
  if ((section = bc_ynode_lookup (node, "color")) != NULL &&
      bc_y_check_map (ld, section, "image.color", color_keys)) {
    image->require_color = TRUE;
    if ((item = bc_ynode_lookup (section, "required")) != NULL)
      bc_y_bool (ld, item, "image.color.required", &image->require_color);
    bc_y_severity_opt (ld, section, &image->color_severity);
  }
}

static void
bc_load_document (BcLoader *ld, const BcYNode *node)
{
  static const char *const keys[] = {
    "id", "name", "description", "hint", "source", "fields", "required-when", "allowed-when",
    "files", "types", "type-notes", "size", "share-group", "match", "pdf", "image", NULL
  };
  BcYNode *item;
  BcDocument *document;

  bc_y_check_map (ld, node, "a document", keys);
  if (node->type != BC_Y_MAP)
    return;

  document = g_new0 (BcDocument, 1);
  document->min_files = 1;
  document->max_files = 1;
  document->type_notes = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_type_note_free);
  document->match_all_of = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  document->pdf.required_text = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_text_rule_free);
  document->min_bytes.severity = document->max_bytes.severity = BC_SEVERITY_ERROR;
  document->pdf.min_pages.severity = document->pdf.max_pages.severity = BC_SEVERITY_ERROR;
  document->pdf.page_size_severity = BC_SEVERITY_ERROR;
  document->pdf.blank_page_severity = BC_SEVERITY_ERROR;
  document->image.size_severity = BC_SEVERITY_ERROR;
  document->image.color_severity = BC_SEVERITY_ERROR;

  if ((item = bc_y_require (ld, node, "id", "a document")) != NULL &&
      bc_y_id (ld, item, "document id", &document->id) &&
      bc_ruleset_get_document (ld->ruleset, document->id) != NULL) {
    bc_loader_problem (ld, item, "duplicate document id '%s'", document->id);
    g_clear_pointer (&document->id, g_free);
  }
  if ((item = bc_y_require (ld, node, "name", "a document")) != NULL)
    bc_y_text (ld, item, "document name", &document->name);
  bc_y_text_opt (ld, node, "description", "description", &document->description);
  bc_y_text_opt (ld, node, "hint", "hint", &document->hint);
  /* every rule must say where it comes from: a ruleset is only as good as
   * the filing office's text it restates */
  if ((item = bc_y_require (ld, node, "source", "a document")) != NULL)
    bc_y_string (ld, item, "source", &document->source);
  if ((item = bc_ynode_lookup (node, "fields")) != NULL)
    bc_y_strv (ld, item, "fields", FALSE, FALSE, &document->fields);
  if ((item = bc_ynode_lookup (node, "required-when")) != NULL)
    document->required_when = bc_load_condition (ld, item, "required-when");
  if ((item = bc_ynode_lookup (node, "allowed-when")) != NULL)
    document->allowed_when = bc_load_condition (ld, item, "allowed-when");
  if ((item = bc_ynode_lookup (node, "files")) != NULL)
    bc_load_files (ld, item, document);
  if ((item = bc_ynode_lookup (node, "types")) != NULL &&
      bc_y_strv (ld, item, "types", FALSE, FALSE, &document->types)) {
    for (guint i = 0; document->types[i] != NULL; i++) {
      if (!bc_type_is_known (document->types[i])) {
        g_autofree char *known = g_strjoinv (" ", (char **) bc_type_names ());
        bc_loader_problem (ld, (BcYNode *) g_ptr_array_index (item->items, i), "unknown type '%s'; known: %s",
                           document->types[i], known);
      }
    }
  }
  if ((item = bc_ynode_lookup (node, "type-notes")) != NULL)
    bc_load_type_notes (ld, item, document);
  if ((item = bc_ynode_lookup (node, "size")) != NULL)
    bc_load_size (ld, item, document);
  if ((item = bc_ynode_lookup (node, "share-group")) != NULL)
    bc_y_id (ld, item, "share-group", &document->share_group);
  /* without keywords no file could ever be matched to the document */
  if ((item = bc_y_require (ld, node, "match", "a document")) != NULL)
    bc_load_match (ld, item, document);
  if ((item = bc_ynode_lookup (node, "pdf")) != NULL)
    bc_load_pdf (ld, item, document);
  if ((item = bc_ynode_lookup (node, "image")) != NULL)
    bc_load_image (ld, item, document);

  if (document->id == NULL) {
    bc_document_free (document);
    return;
  }
  g_ptr_array_add (ld->ruleset->documents, document);
}

/* ------------------------------------------------------------------------ */
/* The whole file */

static void
bc_load_sequence (BcLoader *ld, const BcYNode *node, const char *what, void (*load) (BcLoader *, const BcYNode *))
{
  if (!bc_y_check_seq (ld, node, what))
    return;
  for (guint i = 0; i < node->items->len; i++)
    load (ld, g_ptr_array_index (node->items, i));
}

static void
bc_load_root (BcLoader *ld, const BcYNode *root, const char *expected_name)
{
  static const char *const keys[] = { "format", "name", "version", "updated", "title", "source",
                                      "limits", "variables", "notices", "documents", NULL };
  BcRuleset *ruleset = ld->ruleset;
  BcYNode *item;

  if (!bc_y_check_map (ld, root, "the ruleset", keys) && root->type != BC_Y_MAP)
    return;

  /* the format number comes first: a future format may mean other keys */
  if ((item = bc_y_require (ld, root, "format", "the ruleset")) != NULL &&
      (item->type != BC_Y_SCALAR || g_strcmp0 (item->text, "1") != 0))
    bc_loader_problem (ld, item, "unsupported format '%s'; this bundlecheck reads format 1",
                       item->text != NULL ? item->text : bc_ynode_kind (item));
  if ((item = bc_y_require (ld, root, "name", "the ruleset")) != NULL &&
      bc_y_id (ld, item, "ruleset name", &ruleset->name) && expected_name != NULL &&
      g_strcmp0 (ruleset->name, expected_name) != 0)
    bc_loader_problem (ld, item, "ruleset name '%s' differs from the file name '%s.yaml'",
                       ruleset->name, expected_name);
  if ((item = bc_y_require (ld, root, "version", "the ruleset")) != NULL)
    bc_y_string (ld, item, "version", &ruleset->version);
  if ((item = bc_y_require (ld, root, "updated", "the ruleset")) != NULL &&
      bc_y_string (ld, item, "updated", &ruleset->updated) && !bc_is_date (ruleset->updated))
    bc_loader_problem (ld, item, "updated must be a real date written YYYY-MM-DD, not '%s'", ruleset->updated);
  if ((item = bc_y_require (ld, root, "title", "the ruleset")) != NULL)
    bc_y_text (ld, item, "title", &ruleset->title);
  if ((item = bc_y_require (ld, root, "source", "the ruleset")) != NULL)
    bc_y_string (ld, item, "source", &ruleset->source);
  if ((item = bc_ynode_lookup (root, "limits")) != NULL)
    bc_load_limits (ld, item);
  /* variables before anything that refers to them, whatever the key order */
  if ((item = bc_ynode_lookup (root, "variables")) != NULL)
    bc_load_sequence (ld, item, "variables", bc_load_variable);
  if ((item = bc_ynode_lookup (root, "notices")) != NULL)
    bc_load_sequence (ld, item, "notices", bc_load_notice);
  if ((item = bc_y_require (ld, root, "documents", "the ruleset")) != NULL) {
    bc_load_sequence (ld, item, "documents", bc_load_document);
    if (item->type == BC_Y_SEQ && item->items->len == 0)
      bc_loader_problem (ld, item, "a ruleset needs at least one document");
  }
}

/* parse and validate DATA; returns the ruleset (possibly incomplete) and
 * fills LD->problems */
static BcRuleset *
bc_ruleset_parse (BcLoader *ld, const char *data, gsize len, const char *expected_name)
{
  g_autoptr(BcYNode) root = NULL;
  g_autoptr(BcRuleset) ruleset = bc_ruleset_new ();

  ld->ruleset = ruleset;
  root = bc_yaml_parse (ld, data, len);
  if (root != NULL)
    bc_load_root (ld, root, expected_name);
  ld->ruleset = NULL;
  g_ptr_array_sort (ld->problems, bc_problem_cmp);
  if (ld->truncated) {
    BcProblem *problem = g_new0 (BcProblem, 1);
    problem->line = G_MAXUINT;
    problem->message = g_strdup_printf ("too many problems; only the first %u are shown",
                                        (guint) BC_RULESET_MAX_PROBLEMS);
    g_ptr_array_add (ld->problems, problem);
  }
  return g_steal_pointer (&ruleset);
}

static BcRuleset *
bc_ruleset_load_internal (const char *data,
                          gsize len,
                          const char *display_name,
                          const char *expected_name,
                          GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_problem_free);
  BcLoader ld = { .file = display_name, .problems = problems };
  g_autoptr(BcRuleset) ruleset = bc_ruleset_parse (&ld, data, len, expected_name);

  if (problems->len > 0) {
    g_autofree char *msg = bc_loader_format_problem (&ld, g_ptr_array_index (problems, 0));
    g_set_error_literal (error, BC_ERROR, BC_ERROR_RULESET, msg);
    return NULL;
  }
  ruleset->path = g_strdup (display_name);
  return g_steal_pointer (&ruleset);
}

BcRuleset *
bc_ruleset_load_data (const char *data, gsize len, const char *display_name, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  if (display_name == NULL)
    display_name = "<data>";
  if (len > BC_RULESET_MAX_BYTES) {
    g_set_error (error, BC_ERROR, BC_ERROR_RULESET, "%s:1:1: the ruleset is larger than %u bytes",
                 display_name, (guint) BC_RULESET_MAX_BYTES);
    return NULL;
  }
  return bc_ruleset_load_internal (data != NULL ? data : "", len, display_name, NULL, error);
}

/* the name a ruleset file must declare: its base name without .yaml/.yml */
static char *
bc_ruleset_expected_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".yaml"))
    base[strlen (base) - 5] = '\0';
  else if (g_str_has_suffix (base, ".yml"))
    base[strlen (base) - 4] = '\0';
  return g_steal_pointer (&base);
}

static gboolean
bc_ruleset_read (const char *path, char **data, gsize *len, GError **error)
{
  g_autoptr(GError) error_local = NULL;
  if (!g_file_get_contents (path, data, len, &error_local)) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read ruleset %s: %s", path, error_local->message);
    return FALSE;
  }
  if (*len > BC_RULESET_MAX_BYTES) {
    g_clear_pointer (data, g_free);
    g_set_error (error, BC_ERROR, BC_ERROR_RULESET, "%s:1:1: the ruleset is larger than %u bytes",
                 path, (guint) BC_RULESET_MAX_BYTES);
    return FALSE;
  }
  return TRUE;
}

BcRuleset *
bc_ruleset_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *expected = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (!bc_ruleset_read (path, &data, &len, error))
    return NULL;
  expected = bc_ruleset_expected_name (path);
  return bc_ruleset_load_internal (data, len, path, expected, error);
}

/* Returns TRUE when the file has no problems. On problems it returns FALSE
 * with *PROBLEMS holding one "file:line:column: message" per problem and
 * ERROR unset; it fails with ERROR (and *PROBLEMS NULL) only when the file
 * cannot be read. */
gboolean
bc_ruleset_lint (const char *path, GPtrArray **problems, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_problem_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BcRuleset) ruleset = NULL;
  BcLoader ld = { .file = path, .problems = found };
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);
  *problems = NULL;
  if (!bc_ruleset_read (path, &data, &len, error))
    return FALSE;
  expected = bc_ruleset_expected_name (path);
  ruleset = bc_ruleset_parse (&ld, data, len, expected);
  for (guint i = 0; i < found->len; i++) {
    BcProblem *problem = g_ptr_array_index (found, i);
    if (problem->line == G_MAXUINT)
      g_ptr_array_add (lines, g_strdup_printf ("%s: %s", path, problem->message));
    else
      g_ptr_array_add (lines, bc_loader_format_problem (&ld, problem));
  }
  *problems = g_steal_pointer (&lines);
  return (*problems)->len == 0;
}

/* ------------------------------------------------------------------------ */
/* Shipped rulesets */

static gint
bc_strcmp_indirect (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
bc_ruleset_search_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("BUNDLECHECK_RULESET_PATH");
  if (env != NULL) {
    g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
    for (guint i = 0; parts[i] != NULL; i++) {
      if (parts[i][0] != '\0')
        g_ptr_array_add (dirs, g_strdup (parts[i]));
    }
  }
  g_ptr_array_add (dirs, g_strdup (BC_RULESET_DIR));
  g_ptr_array_add (dirs, g_strdup (BC_SOURCE_RULESET_DIR));
  return dirs;
}

char **
bc_ruleset_list_shipped (void)
{
  g_autoptr(GPtrArray) dirs = bc_ruleset_search_dirs ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < dirs->len; i++) {
    g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (dirs, i), 0, NULL);
    const char *entry;
    if (dir == NULL)
      continue;
    while ((entry = g_dir_read_name (dir)) != NULL) {
      g_autofree char *name = NULL;
      if (!g_str_has_suffix (entry, ".yaml"))
        continue;
      name = g_strndup (entry, strlen (entry) - 5);
      if (!bc_is_kebab (name) || g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  }
  g_ptr_array_sort (names, (GCompareFunc) bc_strcmp_indirect);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

BcRuleset *
bc_ruleset_open (const char *name_or_path, GError **error)
{
  g_autoptr(GPtrArray) dirs = NULL;
  g_auto(GStrv) shipped = NULL;
  g_autofree char *shipped_str = NULL;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  /* anything that looks like a path is one; a name is a kebab-case id, so
   * it can never climb out of the search directories */
  if (strchr (name_or_path, '/') != NULL || strchr (name_or_path, G_DIR_SEPARATOR) != NULL ||
      g_str_has_suffix (name_or_path, ".yaml") || g_str_has_suffix (name_or_path, ".yml") ||
      !bc_is_kebab (name_or_path))
    return bc_ruleset_load_file (name_or_path, error);

  dirs = bc_ruleset_search_dirs ();
  for (guint i = 0; i < dirs->len; i++) {
    g_autofree char *file = g_strdup_printf ("%s.yaml", name_or_path);
    g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return bc_ruleset_load_file (path, error);
  }
  shipped = bc_ruleset_list_shipped ();
  shipped_str = g_strjoinv (", ", shipped);
  g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown ruleset '%s'; shipped rulesets: %s",
               name_or_path, shipped_str[0] != '\0' ? shipped_str : "(none found)");
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Limits */

void
bc_ruleset_apply_limits (const BcRuleset *ruleset, BcLimits *limits)
{
  guint n_limits = 0;
  const BcLimitInfo *infos = bc_limits_describe (&n_limits);

  g_return_if_fail (ruleset != NULL);
  g_return_if_fail (limits != NULL);
  for (guint i = 0; i < n_limits; i++) {
    const guint64 *value = g_hash_table_lookup (ruleset->limits, infos[i].name);
    if (value != NULL)
      memcpy ((guint8 *) limits + infos[i].offset, value, sizeof (guint64));
  }
}

/* ------------------------------------------------------------------------ */
/* Applicability */

BcDocApplicability
bc_document_applicability (const BcDocument *document, const BcContext *context)
{
  g_return_val_if_fail (document != NULL, BC_DOC_NOT_APPLICABLE);
  g_return_val_if_fail (context != NULL, BC_DOC_NOT_APPLICABLE);

  if (document->required_when != NULL && bc_condition_eval (document->required_when, context))
    return BC_DOC_REQUIRED;
  /* an omitted allowed-when means "only when required" for a document
   * that has a required-when, and "always" for one that has neither */
  if (document->allowed_when != NULL)
    return bc_condition_eval (document->allowed_when, context) ? BC_DOC_OPTIONAL : BC_DOC_NOT_APPLICABLE;
  return document->required_when == NULL ? BC_DOC_OPTIONAL : BC_DOC_NOT_APPLICABLE;
}
