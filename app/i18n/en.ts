// Every admin string in English, by area. Korean (ko.ts) must have exactly the same keys.
import { admin } from "./en/admin";
import { blocks } from "./en/blocks";
import { editor } from "./en/editor";
import { shell } from "./en/shell";

export const en = { ...shell, ...editor, ...admin, ...blocks };

export type MessageKey = keyof typeof en;
