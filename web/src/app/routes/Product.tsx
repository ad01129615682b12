import { useParams } from "react-router-dom";
import { ErrorNote, Spinner } from "../../components/ui";
import { useProduct } from "../../features/products/api/get-product";
import { BuyProduct } from "../../features/products/components/BuyProduct";
import { ProductDetails } from "../../features/products/components/ProductDetails";

export default function ProductPage() {
  const { productId = "" } = useParams();
  const product = useProduct(productId);
  if (!product.data)
    return <section className="page">{product.error ? <ErrorNote error={product.error} /> : <Spinner label="Loading the product" />}</section>;
  return (
    <section className="page stack">
      <ProductDetails product={product.data} />
      <BuyProduct product={product.data} />
    </section>
  );
}
