// VS Code (extension unifiedjs.vscode-remark, see .vscode/extensions.json) checks the front matter of
// practices, news, materials and pages against the JSON Schemas in schemas/ while a teacher types,
// as the YAML extension does for data/. The schemas come from the models (python -m generator
// schemas); the Russian messages with file:line:col remain those of `python -m generator check`.
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, {
      schemas: {
        "schemas/practices-front-matter.schema.json": ["content/practices/**/*.md"],
        "schemas/news-front-matter.schema.json": ["content/news/**/*.md"],
        "schemas/materials-front-matter.schema.json": ["content/materials/**/*.md"],
        "schemas/pages-front-matter.schema.json": ["content/pages/**/*.md"],
      },
      // The schemas say draft 2020-12, which the plugin's Ajv does not know by name; what they
      // use (types, enums, patterns, $defs) it checks all the same.
      ajvOptions: { validateSchema: false },
    }],
  ],
};
