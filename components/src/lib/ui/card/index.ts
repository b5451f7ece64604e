/**
 * A surface grouping related content: Root, Header, Title, Description, Content, Footer.
 * Title renders a `div`; pass your own heading inside it for the document outline.
 *
 * @example
 * ```svelte
 * <Card.Root>
 *   <Card.Header><Card.Title><h2>Sessions</h2></Card.Title><Card.Description>Where you are signed in.</Card.Description></Card.Header>
 *   <Card.Content>…</Card.Content>
 * </Card.Root>
 * ```
 */
import Root from './card.svelte';
import Header from './card-header.svelte';
import Title from './card-title.svelte';
import Description from './card-description.svelte';
import Content from './card-content.svelte';
import Footer from './card-footer.svelte';

export {
  Root,
  Header,
  Title,
  Description,
  Content,
  Footer,
  Root as Card,
  Header as CardHeader,
  Title as CardTitle,
  Description as CardDescription,
  Content as CardContent,
  Footer as CardFooter,
};
