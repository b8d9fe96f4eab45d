import { Link } from "@remix-run/react";
import type { AppProviderProps } from "@shopify/polaris";
import type { ComponentProps } from "react";

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps["linkComponent"]>>;

/** Polaris links and buttons with a `url` navigate client-side, like the rest of the admin. */
export function PolarisLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  if (external) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}
